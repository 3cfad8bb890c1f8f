package io.berth.rest.internal;

import io.berth.core.auth.TwoFactorService;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * In-memory second factors keyed by user id, which the fake identity service makes {@code "id-" + email}.
 * No factor is installed until a test installs one. A pending enrolment is activated by the code
 * {@value #GOOD_CODE}. Records every call.
 */
final class FakeTwoFactorService implements TwoFactorService {
    static final String GOOD_CODE = "123456";

    final List<String> installed = new ArrayList<>();
    /** user id → active factors. */
    final Map<String, Set<String>> active = new HashMap<>();
    /** user id → pending factors. */
    final Map<String, Set<String>> pending = new HashMap<>();
    final List<List<Object>> calls = new ArrayList<>();
    final List<List<String>> activeFactorsCalls = new ArrayList<>();

    FakeTwoFactorService install(String... names) {
        installed.addAll(List.of(names));
        installed.sort(null);
        return this;
    }

    void activate(String email, String factor) {
        active.computeIfAbsent(id(email), k -> new TreeSet<>()).add(factor);
    }

    static String id(String email) {
        return "id-" + email;
    }

    private void known(String factor) {
        if (!installed.contains(factor)) {
            throw new NotFoundException("no second factor named '" + factor + "' is installed");
        }
    }

    @Override
    public List<String> installedFactors() {
        return List.copyOf(installed);
    }

    @Override
    public Map<String, Boolean> status(Caller caller, String email) {
        calls.add(List.of("status", caller, email));
        if (email.startsWith("nobody")) {
            throw new NotFoundException("no user with email '" + email + "'");
        }
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (String f : installed) {
            m.put(f, active.getOrDefault(id(email), Set.of()).contains(f));
        }
        return m;
    }

    @Override
    public Map<String, Set<String>> activeFactors(Collection<String> userIds) {
        activeFactorsCalls.add(List.copyOf(userIds));
        Map<String, Set<String>> m = new HashMap<>();
        for (String id : userIds) {
            Set<String> a = new TreeSet<>(active.getOrDefault(id, Set.of()));
            a.retainAll(installed);
            if (!a.isEmpty()) {
                m.put(id, a);
            }
        }
        return m;
    }

    @Override
    public Map<String, String> enrol(Caller caller, String factor) {
        calls.add(List.of("enrol", caller, factor));
        known(factor);
        pending.computeIfAbsent(caller.userId(), k -> new TreeSet<>()).add(factor);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("secret", "JBSWY3DPEHPK3PXP");
        m.put("uri", "otpauth://" + factor + "/Berth:" + caller.email() + "?secret=JBSWY3DPEHPK3PXP");
        return m;
    }

    @Override
    public void activate(Caller caller, String factor, String code) {
        calls.add(List.of("activate", caller, factor, code));
        known(factor);
        if (!GOOD_CODE.equals(code) || !pending.getOrDefault(caller.userId(), Set.of()).contains(factor)) {
            throw new ValidationException("the code is wrong or there is no pending enrolment", "code");
        }
        pending.get(caller.userId()).remove(factor);
        active.computeIfAbsent(caller.userId(), k -> new TreeSet<>()).add(factor);
    }

    @Override
    public void disable(Caller caller, String email, String factor) {
        calls.add(List.of("disable", caller, email, factor));
        known(factor);
        active.getOrDefault(id(email), new TreeSet<>()).remove(factor);
        pending.getOrDefault(id(email), new TreeSet<>()).remove(factor);
    }
}
