package io.berth.core.internal;

import static io.berth.core.internal.World.AGENT_TOKEN;
import static io.berth.core.internal.World.caller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.berth.core.agent.AgentReport;
import io.berth.core.error.BerthException;
import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ReferencedException;
import io.berth.core.error.ValidationException;
import io.berth.core.group.AgentSelection;
import io.berth.core.group.Associations;
import io.berth.core.group.ResourceGroup;
import io.berth.core.group.ResourceGroupInput;
import io.berth.core.group.SchedulerOptions;
import io.berth.core.group.SessionType;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Domain;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.User;
import io.berth.core.testing.FakeUnitOfWork.Write;
import io.berth.core.testing.Fakes.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/** SPEC A4 through {@link ResourceGroupServiceImpl} over the fakes. */
class ResourceGroupServiceImplTest {
    private static final Caller SA = Caller.SYSTEM;

    private final World w = new World();
    private final ResourceGroupServiceImpl svc = w.groups;

    // ------------------------------------------------------------ helpers

    static ResourceGroupInput named(String name) {
        return new ResourceGroupInput(name, null, null, null, null, null, null, null, null, null);
    }

    /** An input with only {@code field} (named as in the API) set to {@code v}. */
    static ResourceGroupInput only(String name, String field, Object v) {
        return new ResourceGroupInput(name,
                field.equals("description") ? (String) v : null,
                field.equals("active") ? (Boolean) v : null,
                field.equals("is_public") ? (Boolean) v : null,
                field.equals("wsproxy_address") ? (String) v : null,
                field.equals("scheduler") ? (String) v : null,
                field.equals("scheduler_options.allowed_session_types") ? strings(v) : null,
                field.equals("scheduler_options.pending_timeout") ? (Long) v : null,
                field.equals("scheduler_options.retries_to_skip") ? (Integer) v : null,
                field.equals("scheduler_options.agent_selection") ? (String) v : null);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object v) {
        return (List<String>) v;
    }

    private ResourceGroup create(String name) {
        return svc.create(SA, named(name));
    }

    private <X extends BerthException> X refusedUnchanged(Class<X> type, String field, Executable e) {
        return ResourcePolicyServiceImplTest.refusedUnchanged(w.f, type, field, e);
    }

    private static List<String> names(List<ResourceGroup> groups) {
        return groups.stream().map(ResourceGroup::name).toList();
    }

    private void agent(String id, String group) {
        w.agents.register(AGENT_TOKEN, new AgentReport(id, null, null, null, null, group, null, null, 0, 0, 0, null));
    }

    // ------------------------------------------------------------ create, update

    @Test
    void createFillsInTheDefaults() {
        w.clock.advance(Duration.ofSeconds(7));
        Instant now = w.clock.instant();
        ResourceGroup g = create("gpu");
        assertEquals(new ResourceGroup("gpu", null, true, false, null, "fifo", SchedulerOptions.DEFAULTS, now, now), g);
        assertEquals(g, w.f.resourceGroups.find("gpu").orElseThrow());
        assertEquals(List.of(new Write(w.f.tx.writes().get(0).tx(), "resource_groups", "insert", "gpu")),
                w.f.tx.writes());
        assertEquals(new Associations(List.of(), List.of(), List.of()), svc.associations(SA, "gpu"));
    }

    @Test
    void createTakesEveryField() {
        ResourceGroup g = svc.create(SA, new ResourceGroupInput("v100", "V100 nodes", false, true,
                "https://wsproxy.example.com:5050", "drf", List.of("batch", "INFERENCE", "batch"), 3600L, 3,
                "round-robin"));
        assertEquals("V100 nodes", g.description());
        assertEquals(false, g.active());
        assertEquals(true, g.isPublic());
        assertEquals("https://wsproxy.example.com:5050", g.wsproxyAddress());
        assertEquals("drf", g.scheduler());
        assertEquals(new SchedulerOptions(Set.of(SessionType.BATCH, SessionType.INFERENCE), 3600, 3,
                AgentSelection.ROUND_ROBIN), g.schedulerOptions());
        assertEquals(g, w.f.resourceGroups.find("v100").orElseThrow());
    }

    @Test
    void anySchedulerNameIsAcceptedBecausePoliciesArePlugins() {
        assertEquals("my-own.policy_2", svc.create(SA, only("g", "scheduler", "my-own.policy_2")).scheduler());
    }

    @Test
    void aDuplicateNameIsAConflictOnName() {
        create("gpu");
        refusedUnchanged(ConflictException.class, "name", () -> create("gpu"));
        refusedUnchanged(ConflictException.class, "name", () -> create(ResourceGroup.DEFAULT));
    }

    @Test
    void updateChangesWhatIsGivenAndKeepsTheRest() {
        Instant created = w.clock.instant();
        svc.create(SA, new ResourceGroupInput("g", "d", true, false, "http://proxy:5050", "lifo",
                List.of("interactive"), 60L, 2, "concentrated"));
        w.clock.advance(Duration.ofSeconds(10));
        ResourceGroup g = svc.update(SA, "g", only(null, "description", "new"));
        assertEquals(new ResourceGroup("g", "new", true, false, "http://proxy:5050", "lifo",
                new SchedulerOptions(Set.of(SessionType.INTERACTIVE), 60, 2, AgentSelection.CONCENTRATED), created,
                w.clock.instant()), g);
        assertEquals(g, w.f.resourceGroups.find("g").orElseThrow());
        ResourceGroup h = svc.update(SA, "g", new ResourceGroupInput("g", null, false, true, null, "drf",
                List.of("batch", "inference"), 0L, null, "dispersed"));
        assertEquals(new ResourceGroup("g", "new", false, true, "http://proxy:5050", "drf",
                new SchedulerOptions(Set.of(SessionType.BATCH, SessionType.INFERENCE), 0, 2, AgentSelection.DISPERSED),
                created, w.clock.instant()), h);
    }

    @Test
    void emptyTextAndMinusOneClearTheOptionalFields() {
        svc.create(SA, new ResourceGroupInput("g", "d", null, null, "http://proxy", null, null, null, 5, null));
        ResourceGroup g = svc.update(SA, "g", new ResourceGroupInput(null, null, null, null, "", null, null, null, -1,
                null));
        assertNull(g.wsproxyAddress());
        assertNull(g.schedulerOptions().retriesToSkip(), "back to the system setting");
        assertEquals("d", g.description());
    }

    @Test
    void theNameCannotChangeAndAnUnknownGroupIs404() {
        create("g");
        refusedUnchanged(ValidationException.class, "name", () -> svc.update(SA, "g", named("h")));
        assertEquals("g", svc.update(SA, "g", named("g")).name(), "repeating the name is fine");
        refusedUnchanged(NotFoundException.class, null, () -> svc.update(SA, "ghost", named(null)));
        refusedUnchanged(NotFoundException.class, null, () -> svc.update(SA, "x".repeat(100), named(null)));
    }

    /** Field, bad value. */
    static List<Object[]> invalid() {
        List<Object[]> c = new ArrayList<>();
        c.add(new Object[] {"description", "d".repeat(513)});
        c.add(new Object[] {"description", "bell\u0007"});
        for (String url : new String[] {"ftp://host/x", "localhost:5050", "http://", "http:///path", "//host/x",
                "https://exa mple.com", "javascript:alert(1)", "http://h/" + "p".repeat(2040), "http://h/\n",
                "not a url", "file:///etc/passwd", "http://[::1"}) {
            c.add(new Object[] {"wsproxy_address", url});
        }
        for (String s : new String[] {"", " ", "FIFO", "has space", "x".repeat(65), "-lead", "a/b"}) {
            c.add(new Object[] {"scheduler", s});
        }
        c.add(new Object[] {"scheduler_options.allowed_session_types", List.of()});
        c.add(new Object[] {"scheduler_options.allowed_session_types", List.of("gpu")});
        c.add(new Object[] {"scheduler_options.allowed_session_types", List.of("batch", "")});
        c.add(new Object[] {"scheduler_options.allowed_session_types", Arrays.asList("batch", null)});
        c.add(new Object[] {"scheduler_options.pending_timeout", -1L});
        c.add(new Object[] {"scheduler_options.pending_timeout", SchedulerOptions.MAX_PENDING_TIMEOUT + 1});
        c.add(new Object[] {"scheduler_options.retries_to_skip", -2});
        c.add(new Object[] {"scheduler_options.retries_to_skip", 1001});
        c.add(new Object[] {"scheduler_options.retries_to_skip", Integer.MIN_VALUE});
        for (String s : new String[] {"", "random", "round_robin", "roundrobin"}) {
            c.add(new Object[] {"scheduler_options.agent_selection", s});
        }
        return c;
    }

    @TestFactory
    Stream<DynamicTest> everyFieldIsValidatedOnCreateAndUpdateAndNothingIsWritten() {
        Stream<DynamicTest> names = Stream.of(null, "", "Upper", "x".repeat(65), "-lead", "trail-", "a b", "a/b")
                .map(n -> dynamicTest("create refuses name " + Rules.printable(n), () -> {
                    World x = new World();
                    ResourcePolicyServiceImplTest.refusedUnchanged(x.f, ValidationException.class, "name",
                            () -> x.groups.create(SA, named(n)));
                }));
        Stream<DynamicTest> fields = invalid().stream().flatMap(c -> {
            String field = (String) c[0];
            String label = field + " = " + Rules.printable(String.valueOf(c[1]));
            return Stream.of(dynamicTest("create refuses " + label, () -> {
                World x = new World();
                ResourcePolicyServiceImplTest.refusedUnchanged(x.f, ValidationException.class, field,
                        () -> x.groups.create(SA, only("g", field, c[1])));
            }), dynamicTest("update refuses " + label, () -> {
                World x = new World();
                x.groups.create(SA, named("g"));
                ResourcePolicyServiceImplTest.refusedUnchanged(x.f, ValidationException.class, field,
                        () -> x.groups.update(SA, "g", only(null, field, c[1])));
            }));
        });
        return Stream.concat(names, fields);
    }

    @Test
    void valuesAtTheLimitsAreAccepted() {
        assertEquals("x".repeat(64), create("x".repeat(64)).name());
        assertEquals("0", create("0").name());
        String url = "http://h/" + "p".repeat(2048 - 9);
        assertEquals(2048, url.length());
        assertEquals(url, svc.create(SA, only("u1", "wsproxy_address", url)).wsproxyAddress());
        assertEquals("HTTPS://Example.com:8443/p?q=1", svc.create(SA, only("u2", "wsproxy_address",
                "HTTPS://Example.com:8443/p?q=1")).wsproxyAddress());
        assertEquals("http://[::1]:5050", svc.create(SA, only("u3", "wsproxy_address", "http://[::1]:5050"))
                .wsproxyAddress());
        assertEquals("d".repeat(512), svc.create(SA, only("d1", "description", "d".repeat(512))).description());
        assertEquals("s".repeat(64), svc.create(SA, only("s1", "scheduler", "s".repeat(64))).scheduler());
        assertEquals(0, svc.create(SA, only("p0", "scheduler_options.pending_timeout", 0L)).schedulerOptions()
                .pendingTimeout());
        assertEquals(SchedulerOptions.MAX_PENDING_TIMEOUT, svc.create(SA, only("p1",
                "scheduler_options.pending_timeout", SchedulerOptions.MAX_PENDING_TIMEOUT)).schedulerOptions()
                .pendingTimeout());
        assertEquals(0, svc.create(SA, only("r0", "scheduler_options.retries_to_skip", 0)).schedulerOptions()
                .retriesToSkip());
        assertEquals(1000, svc.create(SA, only("r1", "scheduler_options.retries_to_skip", 1000)).schedulerOptions()
                .retriesToSkip());
        assertNull(svc.create(SA, only("r2", "scheduler_options.retries_to_skip", -1)).schedulerOptions()
                .retriesToSkip());
        assertEquals(Set.of(SessionType.BATCH), svc.create(SA, only("t1", "scheduler_options.allowed_session_types",
                List.of("Batch"))).schedulerOptions().allowedSessionTypes());
        assertEquals(AgentSelection.ROUND_ROBIN, svc.create(SA, only("a1", "scheduler_options.agent_selection",
                "ROUND-ROBIN")).schedulerOptions().agentSelection());
        assertEquals(AgentSelection.CONCENTRATED, svc.create(SA, only("a2", "scheduler_options.agent_selection",
                "concentrated")).schedulerOptions().agentSelection());
        assertNull(svc.create(SA, only("w0", "wsproxy_address", "")).wsproxyAddress());
    }

    @Test
    void onlyASuperadminChanges() {
        create("g");
        for (User u : List.of(w.monitor, w.adminA, w.alice)) {
            Caller c = caller(u);
            refusedUnchanged(ForbiddenException.class, null, () -> svc.create(c, named("h")));
            refusedUnchanged(ForbiddenException.class, null, () -> svc.update(c, "g", only(null, "active", false)));
            refusedUnchanged(ForbiddenException.class, null, () -> svc.delete(c, "g"));
            refusedUnchanged(ForbiddenException.class, null, () -> svc.allowDomain(c, "g", "alpha", true));
            refusedUnchanged(ForbiddenException.class, null, () -> svc.allowProject(c, "g", w.researchA.id(), true));
            refusedUnchanged(ForbiddenException.class, null, () -> svc.allowKeyPair(c, "g", u.mainAccessKey(), true));
        }
        assertEquals(false, svc.update(caller(w.superadmin), "g", only(null, "active", false)).active());
    }

    // ------------------------------------------------------------ delete

    @Test
    void deleteRemovesTheGroupAndItsAssociationsInOneTransaction() {
        create("g");
        svc.allowDomain(SA, "g", "alpha", true);
        svc.allowProject(SA, "g", w.researchA.id(), true);
        svc.allowKeyPair(SA, "g", w.alice.mainAccessKey(), true);
        w.f.tx.clearWrites();
        svc.delete(SA, "g");
        assertTrue(w.f.resourceGroups.find("g").isEmpty());
        assertTrue(w.f.resourceGroups.links.rows().values().stream().noneMatch(l -> l.group().equals("g")));
        List<Write> writes = w.f.tx.writes();
        assertEquals(4, writes.size(), writes.toString());
        assertEquals(1, writes.stream().map(Write::tx).distinct().count());
        assertEquals(new Write(writes.get(3).tx(), "resource_groups", "delete", "g"), writes.get(3));
        assertEquals(1, w.f.resourceGroups.links.rows().size(), "the default group keeps its association");
    }

    @Test
    void deleteIsRefusedWhileAgentsThatAreNotTerminatedBelongToTheGroup() {
        create("g");
        svc.allowDomain(SA, "g", "alpha", true);
        agent("alive-1", "g");
        agent("lost-1", "g");
        agent("gone-1", "g");
        agent("elsewhere", "default");
        w.agents.goodbye(AGENT_TOKEN, "gone-1");
        w.clock.advance(Duration.ofSeconds(31));
        agent("alive-1", "g");
        w.agents.markLost();
        ReferencedException x = refusedUnchanged(ReferencedException.class, null, () -> svc.delete(SA, "g"));
        assertEquals(409, x.status());
        assertEquals(List.of("agent alive-1", "agent lost-1"), x.referrers());
        assertEquals(2, x.total());
        assertTrue(x.getMessage().contains("agent alive-1, agent lost-1"), x.getMessage());
        w.agents.goodbye(AGENT_TOKEN, "alive-1");
        w.agents.goodbye(AGENT_TOKEN, "lost-1");
        svc.delete(SA, "g");
        assertTrue(w.f.resourceGroups.find("g").isEmpty(), "terminated agents do not hold a group");
    }

    @Test
    void theDefaultGroupIsNeverDeleted() {
        ConflictException x = refusedUnchanged(ConflictException.class, "name",
                () -> svc.delete(SA, ResourceGroup.DEFAULT));
        assertEquals(409, x.status());
        refusedUnchanged(NotFoundException.class, null, () -> svc.delete(SA, "ghost"));
        refusedUnchanged(NotFoundException.class, null, () -> svc.delete(SA, null));
    }

    // ------------------------------------------------------------ associations

    @Test
    void associationsAreAddedWithdrawnAndListedSorted() {
        create("g");
        KeyPair second = w.addKey(w.alice, true);
        svc.allowDomain(SA, "g", "beta", true);
        svc.allowDomain(SA, "g", "alpha", true);
        svc.allowProject(SA, "g", w.researchA.id(), true);
        svc.allowProject(SA, "g", w.opsB.id(), true);
        svc.allowKeyPair(SA, "g", w.alice.mainAccessKey(), true);
        svc.allowKeyPair(SA, "g", second.accessKey(), true);
        Associations a = svc.associations(SA, "g");
        assertEquals(List.of("alpha", "beta"), a.domains());
        assertEquals(Stream.of(w.researchA.id(), w.opsB.id()).sorted().toList(), a.projects());
        assertEquals(Stream.of(w.alice.mainAccessKey(), second.accessKey()).sorted().toList(), a.keyPairs());
        assertEquals(a, svc.associations(caller(w.monitor), "g"), "monitors see them");

        State before = w.f.state();
        w.f.tx.clearWrites();
        svc.allowDomain(SA, "g", "alpha", true);
        svc.allowProject(SA, "g", w.opsB.id(), true);
        svc.allowKeyPair(SA, "g", second.accessKey(), true);
        svc.allowDomain(SA, "g", "default", false);
        assertEquals(List.of(), w.f.tx.writes(), "repeating changes nothing");
        assertEquals("", before.diff(w.f.state()));

        svc.allowDomain(SA, "g", "beta", false);
        svc.allowProject(SA, "g", w.opsB.id(), false);
        svc.allowKeyPair(SA, "g", second.accessKey(), false);
        assertEquals(new Associations(List.of("alpha"), List.of(w.researchA.id()), List.of(w.alice.mainAccessKey())),
                svc.associations(SA, "g"));
        assertEquals(new Associations(List.of(Domain.DEFAULT), List.of(), List.of()),
                svc.associations(SA, ResourceGroup.DEFAULT));
    }

    @Test
    void theTargetAndTheGroupMustExist() {
        create("g");
        refusedUnchanged(NotFoundException.class, "domain", () -> svc.allowDomain(SA, "g", "gamma", true));
        refusedUnchanged(NotFoundException.class, "domain", () -> svc.allowDomain(SA, "g", null, true));
        refusedUnchanged(NotFoundException.class, "domain", () -> svc.allowDomain(SA, "g", "x".repeat(200), true));
        refusedUnchanged(NotFoundException.class, "project", () -> svc.allowProject(SA, "g", "no-such-id", true));
        refusedUnchanged(NotFoundException.class, "project", () -> svc.allowProject(SA, "g", "alpha", true));
        refusedUnchanged(NotFoundException.class, "keypair",
                () -> svc.allowKeyPair(SA, "g", "AKNOSUCHKEY000000000", true));
        refusedUnchanged(NotFoundException.class, "keypair",
                () -> svc.allowKeyPair(SA, "g", "AKNOSUCHKEY000000000", false));
        refusedUnchanged(NotFoundException.class, null, () -> svc.allowDomain(SA, "ghost", "alpha", true));
        refusedUnchanged(NotFoundException.class, null, () -> svc.allowProject(SA, "ghost", w.opsB.id(), true));
        refusedUnchanged(NotFoundException.class, null,
                () -> svc.allowKeyPair(SA, "ghost", w.alice.mainAccessKey(), true));
        refusedUnchanged(NotFoundException.class, null, () -> svc.associations(SA, "ghost"));
    }

    @Test
    void anAssociationOfADeletedKeyPairCanStillBeWithdrawn() {
        create("g");
        KeyPair k = w.addKey(w.carol, true);
        svc.allowKeyPair(SA, "g", k.accessKey(), true);
        w.svc.deleteKeyPair(SA, k.accessKey());
        svc.allowKeyPair(SA, "g", k.accessKey(), false);
        assertEquals(List.of(), svc.associations(SA, "g").keyPairs());
        refusedUnchanged(NotFoundException.class, "keypair", () -> svc.allowKeyPair(SA, "g", k.accessKey(), true));
    }

    @Test
    void onlyGlobalReadersSeeAssociations() {
        for (User u : List.of(w.adminA, w.alice)) {
            refusedUnchanged(ForbiddenException.class, null, () -> svc.associations(caller(u), ResourceGroup.DEFAULT));
        }
    }

    // ------------------------------------------------------------ who may use what

    /**
     * pub (public), dom (domain alpha), proj (project alpha/research), key (alice's main keypair), beta
     * (domain beta), off (public and alpha's, but inactive), plus default (domain default).
     */
    private void groups() {
        svc.create(SA, only("pub", "is_public", true));
        create("dom");
        svc.allowDomain(SA, "dom", "alpha", true);
        create("proj");
        svc.allowProject(SA, "proj", w.researchA.id(), true);
        create("key");
        svc.allowKeyPair(SA, "key", w.alice.mainAccessKey(), true);
        create("beta");
        svc.allowDomain(SA, "beta", "beta", true);
        svc.create(SA, new ResourceGroupInput("off", null, false, true, null, null, null, null, null, null));
        svc.allowDomain(SA, "off", "alpha", true);
    }

    @Test
    void allowedGroupsArePublicOrAvailableToTheCallersDomainProjectsOrKeyPair() {
        groups();
        assertEquals(List.of("dom", "key", "proj", "pub"), names(svc.allowed(caller(w.alice))));
        assertEquals(List.of("dom", "pub"), names(svc.allowed(caller(w.carol))), "carol is not in research");
        assertEquals(List.of("dom", "pub"), names(svc.allowed(caller(w.adminA))));
        assertEquals(List.of("beta", "pub"), names(svc.allowed(caller(w.bob))));
        assertEquals(List.of("default", "pub"), names(svc.allowed(caller(w.superadmin))));
        assertEquals(List.of("default", "pub"), names(svc.allowed(caller(w.monitor))));
        assertEquals(List.of("pub"), names(svc.allowed(Caller.SYSTEM)), "the shell operator belongs to no domain");
    }

    @Test
    void theKeyPairThatCallsDecides() {
        groups();
        KeyPair second = w.addKey(w.alice, true);
        Caller viaSecond = new Caller(w.alice.id(), w.alice.email(), w.alice.role(), "alpha", second.accessKey());
        assertEquals(List.of("dom", "proj", "pub"), names(svc.allowed(viaSecond)));
        svc.allowKeyPair(SA, "beta", second.accessKey(), true);
        assertEquals(List.of("beta", "dom", "proj", "pub"), names(svc.allowed(viaSecond)));
    }

    @Test
    void projectMembershipComesFromTheUserRecord() {
        groups();
        assertEquals(List.of("dom", "pub"), names(svc.allowed(caller(w.carol))));
        w.f.tx.run(() -> w.f.users.update(w.reload(w.carol).withProjects(Set.of(w.researchA.id()), World.T0)));
        assertEquals(List.of("dom", "proj", "pub"), names(svc.allowed(caller(w.carol))));
    }

    @Test
    void inactiveGroupsAreAllowedToNoOneButSeenByGlobalReaders() {
        groups();
        assertTrue(svc.allowed(caller(w.alice)).stream().noneMatch(g -> g.name().equals("off")));
        svc.update(SA, "off", only(null, "active", true));
        assertTrue(names(svc.allowed(caller(w.alice))).contains("off"));
        assertTrue(names(svc.allowed(caller(w.bob))).contains("off"), "it is public");
        svc.update(SA, "pub", only(null, "active", false));
        assertEquals(List.of("beta", "off"), names(svc.allowed(caller(w.bob))));
    }

    @Test
    void listShowsEverythingToGlobalReadersAndTheAllowedGroupsToOthers() {
        groups();
        List<String> all = List.of("beta", "default", "dom", "key", "off", "proj", "pub");
        assertEquals(all, names(svc.list(SA)));
        assertEquals(all, names(svc.list(caller(w.monitor))));
        assertEquals(List.of("dom", "key", "proj", "pub"), names(svc.list(caller(w.alice))));
        assertEquals(List.of("dom", "pub"), names(svc.list(caller(w.adminA))));
        assertEquals(List.of("beta", "pub"), names(svc.list(caller(w.adminB))));
    }

    @Test
    void getShowsAnyGroupToGlobalReadersAndOnlyAllowedOnesToOthers() {
        groups();
        assertEquals("off", svc.get(caller(w.monitor), "off").name());
        assertEquals("beta", svc.get(SA, "beta").name());
        refusedUnchanged(NotFoundException.class, null, () -> svc.get(SA, "ghost"));
        assertEquals(w.f.resourceGroups.find("proj").orElseThrow(), svc.get(caller(w.alice), "proj"));
        assertEquals("pub", svc.get(caller(w.bob), "pub").name());
        for (String name : new String[] {"beta", "off", "default", "ghost", null}) {
            ForbiddenException x = refusedUnchanged(ForbiddenException.class, null,
                    () -> svc.get(caller(w.alice), name));
            assertTrue(x.getMessage().contains("not available to you"), x.getMessage());
        }
        assertEquals(
                assertThrows(ForbiddenException.class, () -> svc.get(caller(w.alice), "beta")).getMessage()
                        .replace("beta", "?"),
                assertThrows(ForbiddenException.class, () -> svc.get(caller(w.alice), "ghost")).getMessage()
                        .replace("ghost", "?"),
                "a missing group and a forbidden one look alike");
    }
}
