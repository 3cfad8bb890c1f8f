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
import io.berth.core.resource.KeyPairResourcePolicy;
import io.berth.core.resource.ProjectResourcePolicy;
import io.berth.core.resource.ResourceInputs.KeyPairPolicyInput;
import io.berth.core.resource.ResourceInputs.ProjectPolicyInput;
import io.berth.core.resource.ResourceInputs.UserPolicyInput;
import io.berth.core.resource.UserResourcePolicy;
import io.berth.core.testing.FakeSecondFactor;
import io.berth.core.testing.Fakes;
import io.berth.core.testing.MutableClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Three domains (default, alpha, beta) with users of every role, built through the service itself:
 * superadmin and monitor in default; admin, user alice (member of alpha/research) and user carol in
 * alpha; admin and user bob in beta. The {@code default} resource policy of each kind exists from the
 * start, as Bootstrap and the schema migration make sure in production, and so does the {@code default}
 * resource group (available to the default domain); there are no agents. No second factor is installed
 * and the login lockout has its defaults; the auth service runs on {@link #clock}.
 */
final class World {
    static final String PASSWORD = "s3cret-Pass";
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static final String AGENT_TOKEN = "agent-token-for-tests-0123456789";

    final Fakes f = new Fakes();
    final MutableClock clock = new MutableClock(T0);
    final PasswordHasher hasher = new PasswordHasher(1000);
    final SlotRegistryImpl slots = new SlotRegistryImpl();
    final IdentityServiceImpl svc = new IdentityServiceImpl(f.tx, f.domains, f.projects, f.users, f.keyPairs,
            f.keyPairPolicies, f.userPolicies, f.projectPolicies, slots, hasher, clock);
    final ResourcePolicyServiceImpl policies = new ResourcePolicyServiceImpl(f.tx, f.keyPairPolicies, f.userPolicies,
            f.projectPolicies, f.presets, slots, clock);
    final SettingsServiceImpl settings = new SettingsServiceImpl(f.tx, f.settings, clock);
    final InformationServiceImpl info = new InformationServiceImpl(noBundles());
    /** The installed second factors: none until a test adds one ({@link #install}). */
    final FactorRegistry factors = new FactorRegistry();
    final AuthServiceImpl auth = new AuthServiceImpl(f.domains, f.users, f.keyPairs, hasher, factors, clock);
    final TwoFactorServiceImpl twoFactor = new TwoFactorServiceImpl(f.users, factors);
    final ResourceGroupServiceImpl groups = new ResourceGroupServiceImpl(f.tx, f.resourceGroups, f.agents, f.domains,
            f.projects, f.keyPairs, f.users, clock);
    /** Agents present {@link #AGENT_TOKEN}, heartbeat every 5 s and are LOST after 30 s. */
    final AgentServiceImpl agents = new AgentServiceImpl(f.tx, f.agents, f.resourceGroups, f.images, AGENT_TOKEN,
            Duration.ofSeconds(5), Duration.ofSeconds(30), clock);

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
        f.tx.run(() -> new Bootstrap.DefaultPolicies(f.keyPairPolicies, f.userPolicies, f.projectPolicies).ensure(T0));
        for (String d : List.of("default", "alpha", "beta")) {
            svc.createDomain(Caller.SYSTEM, new NewDomain(d, "domain " + d, true, List.of(), List.of(), null));
        }
        f.tx.run(() -> Bootstrap.defaultGroup(f.resourceGroups, T0, true));
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

    /** Installs a fake second factor under its name, as the service registration of a plugin would. */
    FakeSecondFactor install(String name) {
        return install(new FakeSecondFactor(name));
    }

    FakeSecondFactor install(FakeSecondFactor factor) {
        factors.addFactor(factor, factor.properties());
        return factor;
    }

    void uninstall(FakeSecondFactor factor) {
        factors.removeFactor(factor, factor.properties());
    }

    /** A framework with no bundles: enough for the role checks of the information service. */
    static BundleContext noBundles() {
        return (BundleContext) Proxy.newProxyInstance(World.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getBundles" -> new Bundle[0];
                    case "getBundle" -> null;
                    case "toString" -> "no bundles";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Creates a keypair resource policy with the defaults, as the superadmin. */
    KeyPairResourcePolicy keyPairPolicy(String name) {
        return policies.createKeyPairPolicy(Caller.SYSTEM,
                new KeyPairPolicyInput(name, null, null, null, null, null, null, null, null, null));
    }

    UserResourcePolicy userPolicy(String name) {
        return policies.createUserPolicy(Caller.SYSTEM, new UserPolicyInput(name, null, null, null, null));
    }

    ProjectResourcePolicy projectPolicy(String name) {
        return policies.createProjectPolicy(Caller.SYSTEM, new ProjectPolicyInput(name, null, null));
    }

    static NewProject newProject(String domain, String name) {
        return new NewProject(domain, name, null, null, null, null, null, null);
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
