package io.berth.core.internal;

import io.berth.core.auth.TwoFactorService;
import io.berth.core.error.ConflictException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.User;
import io.berth.core.repo.UserRepository;
import io.berth.spi.auth.SecondFactor;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** SPEC T1/T2 over the installed factors; R3 for whose factors a caller may see and disable. */
@Component(service = TwoFactorService.class)
public final class TwoFactorServiceImpl implements TwoFactorService {
    private final UserRepository users;
    private final FactorRegistry factors;

    @Activate
    public TwoFactorServiceImpl(@Reference UserRepository users, @Reference FactorRegistry factors) {
        this.users = users;
        this.factors = factors;
    }

    @Override
    public List<String> installedFactors() {
        return factors.names();
    }

    private SecondFactor factor(String name) {
        return factors.get(name).orElseThrow(() -> new NotFoundException(
                "no second factor named '" + Rules.printable(name) + "' is installed"));
    }

    private User user(String email) {
        return users.findByEmail(email == null ? "" : email.trim().toLowerCase(java.util.Locale.ROOT))
                .orElseThrow(() -> new NotFoundException("no user with email '" + Rules.printable(email) + "'"));
    }

    private User self(Caller caller) {
        return users.findById(caller.userId())
                .orElseThrow(() -> new NotFoundException("your account no longer exists"));
    }

    @Override
    public Map<String, Boolean> status(Caller caller, String email) {
        User u = user(email);
        Access.readUser(caller, u);
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (String name : factors.names()) {
            factors.get(name).ifPresent(f -> m.put(name, f.isActive(u.id())));
        }
        return m;
    }

    @Override
    public Map<String, Set<String>> activeFactors(Collection<String> userIds) {
        Map<String, Set<String>> m = new HashMap<>();
        for (String name : factors.names()) {
            SecondFactor f = factors.get(name).orElse(null);
            if (f == null) {
                continue;
            }
            for (String id : userIds) {
                if (f.isActive(id)) {
                    m.computeIfAbsent(id, k -> new TreeSet<>()).add(name);
                }
            }
        }
        return m;
    }

    @Override
    public Map<String, String> enrol(Caller caller, String name) {
        SecondFactor f = factor(name);
        User me = self(caller);
        if (f.isActive(me.id())) {
            throw new ConflictException(name + " is already active for you: disable it first to enrol again", "factor");
        }
        try {
            return f.enrol(new SecondFactor.Subject(me.id(), me.email(), me.domainName()));
        } catch (IllegalStateException e) {
            throw new ConflictException(e.getMessage(), "factor");
        }
    }

    @Override
    public void activate(Caller caller, String name, String code) {
        SecondFactor f = factor(name);
        User me = self(caller);
        String c = Rules.required(code, "code");
        if (c.length() > 16 || !f.activate(me.id(), c)) {
            throw new ValidationException("the code does not match a pending " + name + " enrolment", "code");
        }
    }

    @Override
    public void disable(Caller caller, String email, String name) {
        SecondFactor f = factor(name);
        User u = user(email);
        if (!u.id().equals(caller.userId())) {
            Access.manageUser(caller, u, "disable the second factor of");
        }
        f.disable(u.id());
    }
}
