package io.berth.core.internal;

import static io.berth.core.internal.World.AGENT_TOKEN;
import static io.berth.core.internal.World.caller;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.berth.core.agent.Agent;
import io.berth.core.agent.AgentQuery;
import io.berth.core.agent.AgentReport;
import io.berth.core.agent.AgentStatus;
import io.berth.core.agent.DeviceInfo;
import io.berth.core.error.AuthenticationException;
import io.berth.core.error.BerthException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.group.ResourceGroupInput;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.testing.FakeUnitOfWork.Write;
import io.berth.core.testing.Fakes.State;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** SPEC A1–A3 through {@link AgentServiceImpl} over the fakes. */
class AgentServiceImplTest {
    private static final long GIB = 1L << 30;
    private static final Caller SA = Caller.SYSTEM;

    private final World w = new World();
    private final AgentServiceImpl svc = w.agents;

    // ------------------------------------------------------------ helpers

    static ResourceSlots slots(long cpu, long mem) {
        return ResourceSlots.of(Map.of("cpu", Amount.of(cpu), "mem", Amount.of(mem)));
    }

    static DeviceInfo gpu(int i) {
        return new DeviceInfo("cuda", "GPU-" + i, "H200", 141 * GIB,
                ResourceSlots.of(Map.of("cuda.device", Amount.of(1))), 12.5, 3 * GIB);
    }

    /** A plausible report of agent {@code id} in the default group. */
    static AgentReport report(String id) {
        return new AgentReport(id, "local", "x86_64", "0.1.0", "10.0.0.7:6001", "default", slots(8, 32 * GIB),
                slots(0, 0), 3.5, GIB, 0, List.of(gpu(0)));
    }

    /** {@code r} with one component changed, named as the API names it. */
    static AgentReport with(AgentReport r, String field, Object v) {
        return new AgentReport(
                field.equals("id") ? (String) v : r.id(),
                field.equals("region") ? (String) v : r.region(),
                field.equals("architecture") ? (String) v : r.architecture(),
                field.equals("version") ? (String) v : r.version(),
                field.equals("address") ? (String) v : r.address(),
                field.equals("resource_group") ? (String) v : r.resourceGroup(),
                field.equals("available_slots") ? (ResourceSlots) v : r.availableSlots(),
                field.equals("occupied_slots") ? (ResourceSlots) v : r.occupiedSlots(),
                field.equals("cpu_percent") ? (Double) v : r.cpuPercent(),
                field.equals("memory_used_bytes") ? (Long) v : r.memoryUsedBytes(),
                field.equals("container_count") ? (Integer) v : r.containerCount(),
                field.equals("devices") ? castDevices(v) : r.devices());
    }

    @SuppressWarnings("unchecked")
    private static List<DeviceInfo> castDevices(Object v) {
        return (List<DeviceInfo>) v;
    }

    private Agent register(String id) {
        return svc.register(AGENT_TOKEN, report(id));
    }

    private Agent stored(String id) {
        return w.f.agents.rows().get(id);
    }

    private <X extends BerthException> X refusedUnchanged(Class<X> type, String field, Executable e) {
        return ResourcePolicyServiceImplTest.refusedUnchanged(w.f, type, field, e);
    }

    private void tick(long seconds) {
        w.clock.advance(Duration.ofSeconds(seconds));
    }

    static AgentServiceImpl.Config config(String token, long interval, long timeout) {
        return new AgentServiceImpl.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AgentServiceImpl.Config.class;
            }

            @Override
            public String _agent_token() {
                return token;
            }

            @Override
            public long heartbeat_interval_seconds() {
                return interval;
            }

            @Override
            public long heartbeat_timeout_seconds() {
                return timeout;
            }

            @Override
            public long dispatch_interval_millis() {
                return 1000;
            }

            @Override
            public long session_check_seconds() {
                return 5;
            }
        };
    }

    // ------------------------------------------------------------ the agent token

    @Nested
    class Token {
        @TempDir
        Path data;

        @Test
        void aConfiguredTokenIsUsedAsItIsAndNothingIsWritten() throws IOException {
            assertEquals("configured-token-value", AgentToken.resolve("  configured-token-value\n", data));
            try (Stream<Path> files = Files.list(data)) {
                assertEquals(0, files.count());
            }
        }

        @Test
        void withoutConfigurationTheTokenComesFromTheFile() throws IOException {
            Files.writeString(data.resolve("agent-token"), "from-the-file\n");
            assertEquals("from-the-file", AgentToken.resolve("", data));
            assertEquals("from-the-file", AgentToken.resolve(null, data));
            assertEquals("from-the-file", AgentToken.resolve("   ", data));
            assertEquals("configured", AgentToken.resolve("configured", data), "configuration wins over the file");
        }

        @Test
        void otherwiseATokenIsGeneratedAndWrittenForTheOwnerOnly() throws IOException {
            Path dir = data.resolve("not/yet/there");
            String t = AgentToken.resolve("", dir);
            assertTrue(t.matches("[A-Za-z0-9_-]{43}"), "32 random bytes in Base64url: " + t);
            Path file = dir.resolve("agent-token");
            assertEquals(t, Files.readString(file));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(t, AgentToken.resolve("", dir), "the next start reads it back");
            assertNotEquals(t, AgentToken.resolve("", data.resolve("other")), "each data directory its own");
        }

        @Test
        void aBlankFileIsReplacedByAGeneratedToken() throws IOException {
            Path file = Files.writeString(data.resolve("agent-token"), " \n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            String t = AgentToken.resolve(null, data);
            assertEquals(43, t.length());
            assertEquals(t, Files.readString(file));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }

        @Test
        void anUnreadableTokenFileStopsTheServiceRatherThanLockingAgentsOut() throws IOException {
            Files.createDirectory(data.resolve("agent-token"));
            assertThrows(UncheckedIOException.class, () -> AgentToken.resolve("", data));
        }

        @Test
        void theServiceBuiltFromItsConfigurationUsesTheGeneratedToken() throws IOException {
            AgentServiceImpl s = new AgentServiceImpl(w.f.tx, w.f.agents, w.f.resourceGroups, w.f.images,
                    config("", 5, 30), data, w.clock);
            String t = Files.readString(data.resolve("agent-token"));
            assertEquals("a1", s.register(t, report("a1")).id());
            assertThrows(AuthenticationException.class, () -> s.register(AGENT_TOKEN, report("a2")));
            assertFalse(s.running(), "the timer starts only on activation");
            assertSame(AgentToken.CONSTANT_TIME, s.token().comparator(), "real checks compare in constant time");

            AgentServiceImpl configured = new AgentServiceImpl(w.f.tx, w.f.agents, w.f.resourceGroups, w.f.images,
                    config("a-configured-agent-token", 5, 30), data, w.clock);
            assertEquals("a2", configured.register("a-configured-agent-token", report("a2")).id());
            assertThrows(AuthenticationException.class, () -> configured.register(t, report("a3")));
        }

        @Test
        void everyCheckGoesThroughTheComparatorWithDigestsOfOneLength() {
            List<Integer> lengths = Collections.synchronizedList(new ArrayList<>());
            BiPredicate<byte[], byte[]> recording = (a, b) -> {
                lengths.add(a.length);
                lengths.add(b.length);
                return AgentToken.CONSTANT_TIME.test(a, b);
            };
            AgentToken t = new AgentToken("secret", recording);
            for (String wrong : new String[] {null, "", "s", "secre", "secretX", "SECRET", "x".repeat(10_000)}) {
                assertThrows(AuthenticationException.class, () -> t.check(wrong), String.valueOf(wrong));
            }
            t.check("secret");
            assertEquals(16, lengths.size(), "no check short-cuts the comparison, not even a missing token");
            assertTrue(lengths.stream().allMatch(n -> n == 32), "both sides are SHA-256 digests: " + lengths);
        }

        @Test
        void theServiceChecksTheTokenThroughTheComparator() {
            int[] calls = {0};
            AgentServiceImpl s = new AgentServiceImpl(w.f.tx, w.f.agents, w.f.resourceGroups, w.f.images,
                    new AgentToken(AGENT_TOKEN, (a, b) -> {
                        calls[0]++;
                        return AgentToken.CONSTANT_TIME.test(a, b);
                    }), Duration.ofSeconds(5), Duration.ofSeconds(30), w.clock);
            s.register(AGENT_TOKEN, report("a1"));
            s.heartbeat(AGENT_TOKEN, report("a1"));
            s.goodbye(AGENT_TOKEN, "a1");
            assertThrows(AuthenticationException.class, () -> s.heartbeat("nope", report("a1")));
            assertEquals(4, calls[0]);
        }

        @Test
        void aWrongOrMissingTokenIsA401ThatSaysNoMoreAndWritesNothing() {
            register("a1");
            for (String bad : new String[] {null, "", AGENT_TOKEN + "x", AGENT_TOKEN.substring(1), "wrong"}) {
                for (Executable e : List.<Executable>of(() -> svc.register(bad, report("a2")),
                        () -> svc.heartbeat(bad, report("a1")), () -> svc.goodbye(bad, "a1"),
                        () -> svc.register(bad, with(report("a2"), "id", "")))) {
                    AuthenticationException x = refusedUnchanged(AuthenticationException.class, null, e);
                    assertEquals(401, x.status());
                    assertEquals("invalid agent token", x.getMessage(), "the token is checked before anything else");
                }
            }
        }
    }

    // ------------------------------------------------------------ configuration and timer

    @Test
    void intervalsComeFromConfigurationAndBadValuesFallBack() {
        assertEquals(Duration.ofSeconds(5), svc.heartbeatInterval());
        assertEquals(Duration.ofSeconds(30), svc.heartbeatTimeout());
        assertEquals(Duration.ofSeconds(2), AgentServiceImpl.interval(2));
        assertEquals(Duration.ofSeconds(5), AgentServiceImpl.interval(0));
        assertEquals(Duration.ofSeconds(3600), AgentServiceImpl.interval(3600));
        assertEquals(Duration.ofSeconds(5), AgentServiceImpl.interval(3601));
        assertEquals(Duration.ofSeconds(6), AgentServiceImpl.timeout(6, 5));
        assertEquals(Duration.ofSeconds(30), AgentServiceImpl.timeout(5, 5), "not more than the interval");
        assertEquals(Duration.ofSeconds(120), AgentServiceImpl.timeout(20, 20));
        assertEquals(Duration.ofSeconds(30), AgentServiceImpl.timeout(-1, 0));
    }

    @Test
    void theLivenessCheckRunsEveryThirdOfTheTimeoutButAtMostOnceASecond(@TempDir Path data) {
        assertEquals(Duration.ofSeconds(10), svc.checkPeriod());
        AgentServiceImpl fast = new AgentServiceImpl(w.f.tx, w.f.agents, w.f.resourceGroups, w.f.images,
                config(AGENT_TOKEN, 1, 2), data, w.clock);
        assertEquals(Duration.ofSeconds(2), fast.heartbeatTimeout());
        assertEquals(Duration.ofSeconds(1), fast.checkPeriod());
        AgentServiceImpl odd = new AgentServiceImpl(w.f.tx, w.f.agents, w.f.resourceGroups, w.f.images,
                config(AGENT_TOKEN, 5, 31), data, w.clock);
        assertEquals(Duration.ofMillis(10_333), odd.checkPeriod());
    }

    @Test
    void aTestConstructorStartsNoThread() {
        AgentServiceImpl s = new AgentServiceImpl(w.f.tx, w.f.agents, w.f.resourceGroups, w.f.images, AGENT_TOKEN,
                Duration.ofSeconds(1), Duration.ofSeconds(2), w.clock);
        assertFalse(s.running());
        assertFalse(livenessThreadAlive());
    }

    private static boolean livenessThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("berth-agent-liveness") && t.isAlive());
    }

    @Test
    void theStartedTimerMarksLostAgentsUntilDeactivated(@TempDir Path data) throws InterruptedException {
        AgentServiceImpl s = new AgentServiceImpl(w.f.tx, w.f.agents, w.f.resourceGroups, w.f.images,
                config(AGENT_TOKEN, 1, 3), data, w.clock);
        s.register(AGENT_TOKEN, report("a1"));
        tick(4);
        s.start();
        try {
            assertTrue(s.running());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (stored("a1").status() != AgentStatus.LOST && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(AgentStatus.LOST, stored("a1").status());
        } finally {
            s.deactivate();
        }
        assertFalse(s.running());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (livenessThreadAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(livenessThreadAlive(), "deactivation stops the timer's thread");
    }

    // ------------------------------------------------------------ register

    @Test
    void aNewAgentIsAliveSchedulableAndStoredAsReported() {
        w.clock.set(World.T0.plusSeconds(100));
        Instant now = w.clock.instant();
        Agent a = register("node-1");
        AgentReport r = report("node-1");
        assertEquals(new Agent("node-1", AgentStatus.ALIVE, "registered", "local", "x86_64", "0.1.0",
                "10.0.0.7:6001", "default", true, r.availableSlots(), r.occupiedSlots(), 3.5, GIB, 0, r.devices(), now,
                now, now), a);
        assertEquals(a, stored("node-1"));
        assertEquals(List.of(new Write(w.f.tx.writes().get(0).tx(), "agents", "insert", "node-1")), w.f.tx.writes());
    }

    @Test
    void anAgentWithoutAGroupJoinsTheDefaultGroup() {
        assertEquals("default", svc.register(AGENT_TOKEN, with(report("a1"), "resource_group", null))
                .resourceGroup());
        assertEquals("default", svc.register(AGENT_TOKEN, with(report("a2"), "resource_group", "")).resourceGroup());
    }

    @Test
    void reRegisteringKeepsFirstContactAndTheAdminsSchedulableFlag() {
        Instant first = w.clock.instant();
        register("a1");
        svc.setSchedulable(SA, "a1", false);
        tick(3);
        Agent again = svc.register(AGENT_TOKEN, with(report("a1"), "version", "0.2.0"));
        assertEquals(AgentStatus.ALIVE, again.status());
        assertEquals("restarted", again.statusReason());
        assertFalse(again.schedulable(), "an admin's decision survives a restart");
        assertEquals(first, again.firstContact());
        assertEquals(w.clock.instant(), again.lastHeartbeat());
        assertEquals("0.2.0", stored("a1").version());
    }

    @Test
    void registeringAfterBeingLostIsAReconnect() {
        Instant first = w.clock.instant();
        register("a1");
        tick(31);
        assertEquals(1, svc.markLost());
        tick(1);
        Agent a = register("a1");
        assertEquals(AgentStatus.ALIVE, a.status());
        assertEquals("reconnected after being lost", a.statusReason());
        assertEquals(w.clock.instant(), a.statusChangedAt());
        assertEquals(first, a.firstContact());
        assertTrue(a.schedulable());
    }

    @Test
    void registeringAfterAGoodbyeIsARestart() {
        register("a1");
        svc.setSchedulable(SA, "a1", false);
        svc.goodbye(AGENT_TOKEN, "a1");
        tick(60);
        Agent a = register("a1");
        assertEquals(AgentStatus.ALIVE, a.status());
        assertEquals("restarted", a.statusReason());
        assertFalse(a.schedulable());
    }

    @Test
    void aGroupThatDoesNotExistIsRefused() {
        refusedUnchanged(ValidationException.class, "resource_group",
                () -> svc.register(AGENT_TOKEN, with(report("a1"), "resource_group", "gpu")));
        w.groups.create(SA, new ResourceGroupInput("gpu", null, null, null, null, null, null, null, null, null));
        assertEquals("gpu", svc.register(AGENT_TOKEN, with(report("a1"), "resource_group", "gpu")).resourceGroup());
    }

    @Test
    void aMissingReportIsRefused() {
        refusedUnchanged(ValidationException.class, null, () -> svc.register(AGENT_TOKEN, null));
        refusedUnchanged(ValidationException.class, null, () -> svc.heartbeat(AGENT_TOKEN, null));
    }

    private static ResourceSlots one(String slot, Amount a) {
        return ResourceSlots.of(Map.of(slot, a));
    }

    private static List<DeviceInfo> devices(int n) {
        List<DeviceInfo> d = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            d.add(gpu(i));
        }
        return d;
    }

    private static List<DeviceInfo> device(UnaryOperator<DeviceInfo> change) {
        return List.of(change.apply(gpu(0)));
    }

    /** Every field with values just outside what is allowed: field, bad value. */
    static List<Object[]> invalid() {
        List<Object[]> cases = new ArrayList<>();
        for (String id : new String[] {null, "", "x".repeat(65), "-lead", ".lead", "has space", "a/b", "ünï",
                "tab\there", "new\nline"}) {
            cases.add(new Object[] {"id", id});
        }
        for (String f : List.of("region", "architecture", "version", "address")) {
            cases.add(new Object[] {f, "x".repeat(129)});
            cases.add(new Object[] {f, "line\nbreak"});
            cases.add(new Object[] {f, "tab\t"});
            cases.add(new Object[] {f, "nul\u0000"});
        }
        cases.add(new Object[] {"resource_group", "Upper"});
        cases.add(new Object[] {"resource_group", "x".repeat(65)});
        cases.add(new Object[] {"resource_group", "no-such-group"});
        cases.add(new Object[] {"available_slots.cpu", one("cpu", Amount.of(-1))});
        cases.add(new Object[] {"available_slots.mem", one("mem", Amount.INFINITE)});
        cases.add(new Object[] {"occupied_slots.cpu", one("cpu", Amount.of(new java.math.BigDecimal("-0.5")))});
        cases.add(new Object[] {"cpu_percent", -0.1});
        cases.add(new Object[] {"cpu_percent", Double.NaN});
        cases.add(new Object[] {"cpu_percent", Double.POSITIVE_INFINITY});
        cases.add(new Object[] {"memory_used_bytes", -1L});
        cases.add(new Object[] {"container_count", -1});
        cases.add(new Object[] {"devices", devices(257)});
        cases.add(new Object[] {"devices", device(d -> new DeviceInfo(null, d.id(), d.model(), d.memoryBytes(),
                d.capacity(), d.utilisationPercent(), d.memoryUsedBytes()))});
        cases.add(new Object[] {"devices", device(d -> new DeviceInfo(d.plugin(), "", d.model(), d.memoryBytes(),
                d.capacity(), d.utilisationPercent(), d.memoryUsedBytes()))});
        cases.add(new Object[] {"devices", device(d -> new DeviceInfo(d.plugin(), d.id(), "m".repeat(129),
                d.memoryBytes(), d.capacity(), d.utilisationPercent(), d.memoryUsedBytes()))});
        cases.add(new Object[] {"devices", device(d -> new DeviceInfo(d.plugin(), d.id(), d.model(), -1,
                d.capacity(), d.utilisationPercent(), d.memoryUsedBytes()))});
        cases.add(new Object[] {"devices", device(d -> new DeviceInfo(d.plugin(), d.id(), d.model(), d.memoryBytes(),
                d.capacity(), -2, d.memoryUsedBytes()))});
        cases.add(new Object[] {"devices", device(d -> new DeviceInfo(d.plugin(), d.id(), d.model(), d.memoryBytes(),
                d.capacity(), Double.NaN, d.memoryUsedBytes()))});
        cases.add(new Object[] {"devices", device(d -> new DeviceInfo(d.plugin(), d.id(), d.model(), d.memoryBytes(),
                d.capacity(), d.utilisationPercent(), -2))});
        cases.add(new Object[] {"devices", device(d -> new DeviceInfo(d.plugin(), d.id(), d.model(), d.memoryBytes(),
                one("cuda.device", Amount.of(-1)), d.utilisationPercent(), d.memoryUsedBytes()))});
        return cases;
    }

    /** The API name of the report component a case changes ({@code available_slots.cpu} → {@code available_slots}). */
    private static String component(String field) {
        int dot = field.indexOf('.');
        return dot < 0 ? field : field.substring(0, dot);
    }

    @TestFactory
    Stream<DynamicTest> everyFieldIsValidatedOnRegisterAndHeartbeatAndNothingIsWritten() {
        return invalid().stream().flatMap(c -> {
            String field = (String) c[0];
            String label = field + " = " + Rules.printable(String.valueOf(c[1]));
            return Stream.of(dynamicTest("register refuses " + label, () -> {
                World x = new World();
                AgentReport r = with(report("a1"), component(field), c[1]);
                ResourcePolicyServiceImplTest.refusedUnchanged(x.f, ValidationException.class, field,
                        () -> x.agents.register(AGENT_TOKEN, r));
            }), dynamicTest("heartbeat refuses " + label, () -> {
                World x = new World();
                x.agents.register(AGENT_TOKEN, report("a1"));
                AgentReport r = with(report("a1"), component(field), c[1]);
                ResourcePolicyServiceImplTest.refusedUnchanged(x.f, ValidationException.class, field,
                        () -> x.agents.heartbeat(AGENT_TOKEN, r));
            }));
        });
    }

    @Test
    void valuesAtTheLimitsAreAccepted() {
        AgentReport r = new AgentReport("A".repeat(64), "r".repeat(128), "", "v".repeat(128), "a".repeat(128),
                "default", ResourceSlots.EMPTY, null, 0, 0, 0, devices(256));
        Agent a = svc.register(AGENT_TOKEN, r);
        assertEquals(256, a.devices().size());
        assertEquals(ResourceSlots.EMPTY, a.occupiedSlots(), "absent slots are empty");
        for (String id : List.of("0", "a.b_c-D", "node-01.example.org")) {
            assertEquals(id, register(id).id());
        }
        AgentReport nulls = new AgentReport("n", null, null, null, null, null, null, null, 250.0, 0, 0, null);
        Agent n = svc.register(AGENT_TOKEN, nulls);
        assertEquals(List.of(), n.devices());
        assertEquals(250.0, n.cpuPercent(), "a multi-core host may report more than 100 %");
        assertEquals(new DeviceInfo("cuda", "0", null, 0, ResourceSlots.EMPTY, -1, -1), svc.register(AGENT_TOKEN,
                with(report("u"), "devices", List.of(new DeviceInfo("cuda", "0", null, 0, null, -1, -1)))).devices()
                .get(0), "unknown device use is -1; absent capacity is empty");
    }

    // ------------------------------------------------------------ heartbeat

    @Test
    void aHeartbeatFromAnUnknownAgentIs404AndWritesNothing() {
        NotFoundException x = refusedUnchanged(NotFoundException.class, "id",
                () -> svc.heartbeat(AGENT_TOKEN, report("ghost")));
        assertTrue(x.getMessage().contains("register"), x.getMessage());
    }

    @Test
    void aHeartbeatStoresTheReportedStateAndKeepsTheRest() {
        Instant registered = w.clock.instant();
        register("a1");
        svc.setSchedulable(SA, "a1", false);
        tick(5);
        AgentReport r = new AgentReport("a1", "local", "x86_64", "0.1.0", "10.0.0.7:6001", "default",
                slots(8, 32 * GIB), slots(2, 4 * GIB), 55.0, 9 * GIB, 2, List.of(gpu(0), gpu(1)));
        Agent a = svc.heartbeat(AGENT_TOKEN, r);
        assertEquals(new Agent("a1", AgentStatus.ALIVE, "registered", "local", "x86_64", "0.1.0", "10.0.0.7:6001",
                "default", false, slots(8, 32 * GIB), slots(2, 4 * GIB), 55.0, 9 * GIB, 2, List.of(gpu(0), gpu(1)),
                registered, w.clock.instant(), registered), a);
        assertEquals(a, stored("a1"));
    }

    @Test
    void aHeartbeatIsOneReadAndOneUpdateInOneTransaction() {
        register("a1");
        int agentReads = w.f.agents.reads();
        int groupReads = w.f.resourceGroups.reads();
        int commits = w.f.tx.commits();
        w.f.tx.clearWrites();
        tick(5);
        svc.heartbeat(AGENT_TOKEN, report("a1"));
        assertEquals(1, w.f.agents.reads() - agentReads);
        assertEquals(0, w.f.resourceGroups.reads() - groupReads, "the group is checked only when it changes");
        assertEquals(1, w.f.tx.commits() - commits);
        List<Write> writes = w.f.tx.writes();
        assertEquals(1, writes.size());
        assertEquals(new Write(writes.get(0).tx(), "agents", "update", "a1"), writes.get(0));
        assertNotEquals(0, writes.get(0).tx());
    }

    @Test
    void aLostAgentThatHeartbeatsIsAliveAgain() {
        register("a1");
        tick(31);
        svc.markLost();
        tick(2);
        Agent a = svc.heartbeat(AGENT_TOKEN, report("a1"));
        assertEquals(AgentStatus.ALIVE, a.status());
        assertEquals("heartbeat resumed", a.statusReason());
        assertEquals(w.clock.instant(), a.statusChangedAt());
        assertEquals(w.clock.instant(), a.lastHeartbeat());
    }

    @Test
    void aTerminatedAgentThatHeartbeatsHasRestarted() {
        register("a1");
        svc.goodbye(AGENT_TOKEN, "a1");
        tick(2);
        Agent a = svc.heartbeat(AGENT_TOKEN, report("a1"));
        assertEquals(AgentStatus.ALIVE, a.status());
        assertEquals("restarted", a.statusReason());
        assertEquals(w.clock.instant(), a.statusChangedAt());
    }

    @Test
    void aHeartbeatNamingAnotherGroupMovesTheAgentOnlyToAnExistingOne() {
        register("a1");
        refusedUnchanged(ValidationException.class, "resource_group",
                () -> svc.heartbeat(AGENT_TOKEN, with(report("a1"), "resource_group", "gpu")));
        w.groups.create(SA, new ResourceGroupInput("gpu", null, null, null, null, null, null, null, null, null));
        assertEquals("gpu", svc.heartbeat(AGENT_TOKEN, with(report("a1"), "resource_group", "gpu")).resourceGroup());
    }

    // ------------------------------------------------------------ lost agents

    @Test
    void anAgentIsLostOnlyWhenItsLastHeartbeatIsOlderThanTheTimeout() {
        register("a1");
        Instant last = w.clock.instant();
        w.clock.set(last.plusSeconds(30));
        State before = w.f.state();
        assertEquals(0, svc.markLost(), "exactly at the timeout the agent is still alive");
        assertEquals("", before.diff(w.f.state()));
        w.clock.set(last.plusSeconds(30).plusMillis(1));
        assertEquals(1, svc.markLost());
        Agent a = stored("a1");
        assertEquals(AgentStatus.LOST, a.status());
        assertEquals("no heartbeat for 30 s", a.statusReason());
        assertEquals(w.clock.instant(), a.statusChangedAt());
        assertEquals(last, a.lastHeartbeat(), "losing an agent is not a heartbeat");
        assertTrue(a.schedulable(), "the admin's flag is not touched");
        State lost = w.f.state();
        tick(60);
        assertEquals(0, svc.markLost(), "a lost agent is not lost again");
        assertEquals("", lost.diff(w.f.state()));
    }

    @Test
    void onlyAliveAgentsPastTheTimeoutAreLostAllInOneTransaction() {
        register("old-1");
        register("old-2");
        register("bye");
        svc.goodbye(AGENT_TOKEN, "bye");
        tick(20);
        register("fresh");
        tick(11);
        w.f.tx.clearWrites();
        assertEquals(2, svc.markLost());
        assertEquals(AgentStatus.LOST, stored("old-1").status());
        assertEquals(AgentStatus.LOST, stored("old-2").status());
        assertEquals(AgentStatus.ALIVE, stored("fresh").status());
        assertEquals(AgentStatus.TERMINATED, stored("bye").status());
        assertEquals("agent shut down", stored("bye").statusReason());
        assertEquals(1, w.f.tx.writes().stream().map(Write::tx).distinct().count());
    }

    @Test
    void aHeartbeatJustInTimeKeepsTheAgentAlive() {
        register("a1");
        tick(25);
        svc.heartbeat(AGENT_TOKEN, report("a1"));
        tick(25);
        assertEquals(0, svc.markLost());
        assertEquals(AgentStatus.ALIVE, stored("a1").status());
    }

    // ------------------------------------------------------------ goodbye

    @Test
    void aGoodbyeTerminatesTheAgentWhichStaysListed() {
        register("a1");
        Instant last = w.clock.instant();
        tick(3);
        svc.goodbye(AGENT_TOKEN, "a1");
        Agent a = stored("a1");
        assertEquals(AgentStatus.TERMINATED, a.status());
        assertEquals("agent shut down", a.statusReason());
        assertEquals(w.clock.instant(), a.statusChangedAt());
        assertEquals(last, a.lastHeartbeat());
        assertEquals(List.of(a), svc.list(SA, new AgentQuery(Set.of(AgentStatus.TERMINATED), null),
                PageRequest.first(10)).items());
        State after = w.f.state();
        tick(3);
        svc.goodbye(AGENT_TOKEN, "a1");
        assertEquals("", after.diff(w.f.state()), "a repeated goodbye changes nothing");
        refusedUnchanged(NotFoundException.class, null, () -> svc.goodbye(AGENT_TOKEN, "ghost"));
        refusedUnchanged(NotFoundException.class, null, () -> svc.goodbye(AGENT_TOKEN, null));
        refusedUnchanged(NotFoundException.class, null, () -> svc.goodbye(AGENT_TOKEN, "x".repeat(1000)));
    }

    // ------------------------------------------------------------ listing and the schedulable flag

    /** Five agents: a0..a2 alive (a2 in group gpu), l0 lost, t0 terminated; registered a second apart. */
    private void five() {
        w.groups.create(SA, new ResourceGroupInput("gpu", null, null, null, null, null, null, null, null, null));
        register("l0");
        tick(1);
        register("t0");
        svc.goodbye(AGENT_TOKEN, "t0");
        tick(30);
        svc.markLost();
        register("a1");
        tick(1);
        register("a0");
        tick(1);
        svc.register(AGENT_TOKEN, with(report("a2"), "resource_group", "gpu"));
    }

    private List<String> ids(Page<Agent> p) {
        return p.items().stream().map(Agent::id).toList();
    }

    @Test
    void listFiltersByStatusAndGroupAndPages() {
        five();
        PageRequest all = PageRequest.first(100);
        assertEquals(List.of("a0", "a1", "a2", "l0", "t0"), ids(svc.list(SA, AgentQuery.ALL, all)));
        assertEquals(List.of("a0", "a1", "a2", "l0", "t0"), ids(svc.list(SA, null, all)));
        assertEquals(List.of("a0", "a1", "a2"), ids(svc.list(SA, new AgentQuery(Set.of(AgentStatus.ALIVE), null),
                all)));
        assertEquals(List.of("l0", "t0"), ids(svc.list(SA, new AgentQuery(Set.of(AgentStatus.LOST,
                AgentStatus.TERMINATED), null), all)));
        assertEquals(List.of("a2"), ids(svc.list(SA, new AgentQuery(null, "gpu"), all)));
        assertEquals(List.of(), ids(svc.list(SA, new AgentQuery(Set.of(AgentStatus.LOST), "gpu"), all)));
        Page<Agent> p = svc.list(SA, AgentQuery.ALL, new PageRequest(1, 2, null, false));
        assertEquals(List.of("a1", "a2"), ids(p));
        assertEquals(5, p.total());
        assertEquals(List.of("a2", "a0", "a1"), ids(svc.list(SA, new AgentQuery(Set.of(AgentStatus.ALIVE), null),
                new PageRequest(0, 10, "first_contact", true))));
        assertEquals(List.of("l0", "t0", "a1"), ids(svc.list(SA, AgentQuery.ALL,
                new PageRequest(0, 3, "last_heartbeat", false))));
        refusedUnchanged(ValidationException.class, "order_by", () -> svc.list(SA, AgentQuery.ALL,
                new PageRequest(0, 10, "address", false)));
        refusedUnchanged(ValidationException.class, "resource_group", () -> svc.list(SA,
                new AgentQuery(null, "g".repeat(65)), all));
    }

    @Test
    void onlySuperadminsAndMonitorsSeeAgents() {
        five();
        PageRequest all = PageRequest.first(100);
        assertEquals(5, svc.list(caller(w.monitor), AgentQuery.ALL, all).total());
        assertEquals("a0", svc.get(caller(w.monitor), "a0").id());
        for (Caller c : List.of(caller(w.adminA), caller(w.alice), caller(w.adminB), caller(w.bob))) {
            ForbiddenException x = refusedUnchanged(ForbiddenException.class, null,
                    () -> svc.list(c, AgentQuery.ALL, all));
            assertTrue(x.getMessage().contains("no domain"), x.getMessage());
            refusedUnchanged(ForbiddenException.class, null, () -> svc.get(c, "a0"));
        }
    }

    @Test
    void getFindsOneAgent() {
        five();
        assertEquals(stored("l0"), svc.get(SA, "l0"));
        refusedUnchanged(NotFoundException.class, null, () -> svc.get(SA, "ghost"));
        refusedUnchanged(NotFoundException.class, null, () -> svc.get(SA, null));
    }

    @Test
    void onlyASuperadminChangesTheSchedulableFlag() {
        register("a1");
        for (Caller c : List.of(caller(w.monitor), caller(w.adminA), caller(w.alice))) {
            refusedUnchanged(ForbiddenException.class, null, () -> svc.setSchedulable(c, "a1", false));
        }
        Agent before = stored("a1");
        tick(1);
        Agent a = svc.setSchedulable(caller(w.superadmin), "a1", false);
        assertFalse(a.schedulable());
        assertEquals(a, stored("a1"));
        assertEquals(before.statusReason(), a.statusReason());
        assertEquals(before.statusChangedAt(), a.statusChangedAt(), "schedulability is not a status");
        assertEquals(before.lastHeartbeat(), a.lastHeartbeat());
        State off = w.f.state();
        w.f.tx.clearWrites();
        assertFalse(svc.setSchedulable(SA, "a1", false).schedulable());
        assertEquals(List.of(), w.f.tx.writes(), "no change, no write");
        assertEquals("", off.diff(w.f.state()));
        assertTrue(svc.setSchedulable(SA, "a1", true).schedulable());
        refusedUnchanged(NotFoundException.class, null, () -> svc.setSchedulable(SA, "ghost", true));
    }
}
