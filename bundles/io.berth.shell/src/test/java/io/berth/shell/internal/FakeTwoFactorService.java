package io.berth.shell.internal;

import io.berth.core.auth.TwoFactorService;
import io.berth.core.error.NotFoundException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.User;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Second factors over the users of a {@link FakeIdentityService}: none is installed until a test installs
 * one. Records every call; enrolment and activation fail the test, since the shell must never offer them.
 */
final class FakeTwoFactorService implements TwoFactorService {
    private final FakeIdentityService identity;
    final List<String> installed = new ArrayList<>();
    /** user id → active factors. */
    final Map<String, Set<String>> active = new HashMap<>();
    final List<List<Object>> calls = new ArrayList<>();

    FakeTwoFactorService(FakeIdentityService identity) {
        this.identity = identity;
    }

    FakeTwoFactorService install(String... names) {
        installed.addAll(List.of(names));
        installed.sort(null);
        return this;
    }

    void activate(String email, String factor) {
        active.computeIfAbsent(user(email).id(), k -> new TreeSet<>()).add(factor);
    }

    Set<String> activeOf(String email) {
        return active.getOrDefault(user(email).id(), Set.of());
    }

    private User user(String email) {
        User u = identity.users.get(email);
        if (u == null) {
            throw new NotFoundException("no user with email '" + email + "'");
        }
        return u;
    }

    @Override
    public List<String> installedFactors() {
        calls.add(List.of("installedFactors"));
        return List.copyOf(installed);
    }

    @Override
    public Map<String, Boolean> status(Caller caller, String email) {
        calls.add(List.of("status", caller, email));
        User u = user(email);
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (String f : installed) {
            m.put(f, active.getOrDefault(u.id(), Set.of()).contains(f));
        }
        return m;
    }

    @Override
    public Map<String, Set<String>> activeFactors(Collection<String> userIds) {
        calls.add(List.of("activeFactors", List.copyOf(userIds)));
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
        throw new AssertionError("the shell must never enrol a factor");
    }

    @Override
    public void activate(Caller caller, String factor, String code) {
        throw new AssertionError("the shell must never activate a factor");
    }

    @Override
    public void disable(Caller caller, String email, String factor) {
        calls.add(List.of("disable", caller, email, factor));
        if (!installed.contains(factor)) {
            throw new NotFoundException("no second factor named '" + factor + "' is installed");
        }
        User u = user(email);
        active.getOrDefault(u.id(), new TreeSet<>()).remove(factor);
    }
}
