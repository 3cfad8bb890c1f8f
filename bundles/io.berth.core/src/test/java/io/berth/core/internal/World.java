package io.berth.core.internal;

import io.berth.core.auth.PasswordHasher;
import io.berth.core.identity.Caller;
import io.berth.core.identity.CreatedUser;
import io.berth.core.identity.Inputs.KeyPairUpdate;
import io.berth.core.identity.Inputs.NewDomain;
import io.berth.core.identity.Inputs.NewKeyPair;
import io.berth.core.identity.Inputs.NewProject;
import io.berth.core.identity.Inputs.NewUser;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Project;
import io.berth.core.identity.ProjectType;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.identity.UserStatus;
import io.berth.core.testing.Fakes;
import io.berth.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Three domains (default, alpha, beta) with users of every role, built through the service itself:
 * superadmin and monitor in default; admin, user alice (member of alpha/research) and user carol in
 * alpha; admin and user bob in beta.
 */
final class World {
    static final String PASSWORD = "s3cret-Pass";
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    final Fakes f = new Fakes();
    final MutableClock clock = new MutableClock(T0);
    final PasswordHasher hasher = new PasswordHasher(1000);
    final IdentityServiceImpl svc = new IdentityServiceImpl(f.tx, f.domains, f.projects, f.users, f.keyPairs, hasher,
            clock);
    final AuthServiceImpl auth = new AuthServiceImpl(f.domains, f.users, f.keyPairs, hasher);

    final Project researchA;
    final Project secretA;
    final Project opsB;
    final User superadmin;
    final User monitor;
    final User adminA;
    final User alice;
    final User carol;
    final User adminB;
    final User bob;

    World() {
        for (String d : List.of("default", "alpha", "beta")) {
            svc.createDomain(Caller.SYSTEM, new NewDomain(d, "domain " + d, true, List.of(), List.of()));
        }
        researchA = svc.createProject(Caller.SYSTEM, newProject("alpha", "research"));
        secretA = svc.createProject(Caller.SYSTEM, newProject("alpha", "secret"));
        opsB = svc.createProject(Caller.SYSTEM, newProject("beta", "ops"));
        superadmin = create("root@default.test", "default", Role.SUPERADMIN);
        monitor = create("mon@default.test", "default", Role.MONITOR);
        adminA = create("admin@alpha.test", "alpha", Role.ADMIN);
        alice = create("alice@alpha.test", "alpha", Role.USER, "research");
        carol = create("carol@alpha.test", "alpha", Role.USER);
        adminB = create("admin@beta.test", "beta", Role.ADMIN);
        bob = create("bob@beta.test", "beta", Role.USER, "ops");
        f.tx.clearWrites();
    }

    static NewProject newProject(String domain, String name) {
        return new NewProject(domain, name, null, null, null, null, null);
    }

    static NewUser newUser(String email, String domain, Role role, String... projects) {
        return new NewUser(email, null, PASSWORD, null, null, domain, role, null, null, null, Set.of(projects), null);
    }

    User create(String email, String domain, Role role, String... projects) {
        clock.advance(Duration.ofSeconds(1));
        return svc.createUser(Caller.SYSTEM, newUser(email, domain, role, projects)).detail().user();
    }

    CreatedUser createFull(NewUser in) {
        clock.advance(Duration.ofSeconds(1));
        return svc.createUser(Caller.SYSTEM, in);
    }

    /** Adds a keypair (generated keys) one second after the previous thing made. */
    KeyPair addKey(User owner, boolean active) {
        clock.advance(Duration.ofSeconds(1));
        return svc.createKeyPair(Caller.SYSTEM, new NewKeyPair(owner.email(), null, null, active, null, null, null));
    }

    void setActive(String accessKey, boolean active) {
        svc.updateKeyPair(Caller.SYSTEM, accessKey, new KeyPairUpdate(active, null, null, null));
    }

    static Caller caller(User u) {
        return new Caller(u.id(), u.email(), u.role(), u.domainName(), u.mainAccessKey());
    }

    User reload(User u) {
        return f.users.findById(u.id()).orElseThrow();
    }

    KeyPair key(String accessKey) {
        return f.keyPairs.find(accessKey).orElseThrow();
    }

    List<KeyPair> keysOf(User u) {
        return f.keyPairs.findByUser(u.id());
    }

    Project modelStore(String domain) {
        return f.projects.findByName(domain, ProjectType.MODEL_STORE_NAME).orElseThrow();
    }

    static boolean isInactive(User u) {
        return u.status() == UserStatus.INACTIVE;
    }
}
