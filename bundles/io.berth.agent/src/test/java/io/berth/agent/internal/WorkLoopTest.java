package io.berth.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.agent.runtime.ContainerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The work loop's reconciling against a fake manager (over HTTP) and a fake container runtime:
 * each {@code step()} is one poll and what follows it, run on the test's thread.
 */
class WorkLoopTest {
    private static final String TOKEN = "work-token";
    private static final String IMAGE = "berth-test/busybox:1";
    private static final WorkLoop.Timing NEVER_AGAIN = new WorkLoop.Timing(Duration.ZERO, Duration.ofHours(1),
            Duration.ofSeconds(1));

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final FakeRuntime runtime = new FakeRuntime();
    private FakeWorkManager manager;

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private FakeWorkManager manager() throws Exception {
        manager = new FakeWorkManager();
        closeables.add(manager);
        return manager;
    }

    private WorkLoop loop(WorkLoop.Timing timing) {
        return loop(timing, () -> Optional.of(TOKEN));
    }

    private WorkLoop loop(WorkLoop.Timing timing, java.util.function.Supplier<Optional<String>> token) {
        WorkLoop loop = new WorkLoop("agent-1", new ManagerClient(manager.url(), Duration.ofSeconds(5)), token,
                "the test token", runtime, runtime::cpu, () -> true, timing,
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)));
        closeables.add(loop::stop);
        return loop;
    }

    private static JsonNode last(List<JsonNode> reports) {
        return reports.get(reports.size() - 1);
    }

    @Test
    void runOrderCreatesTheContainerReportsPreparingThenRunningAndIsIdempotent() throws Exception {
        FakeWorkManager m = manager();
        m.orders(FakeWorkManager.run("k1", IMAGE, "echo hi; sleep 1", true));
        WorkLoop loop = loop(NEVER_AGAIN);

        assertEquals(Duration.ZERO, loop.step());
        assertEquals(List.of("preparing", "running"), m.statesOf("k1"));
        JsonNode running = last(m.reportsOf("k1"));
        assertTrue(running.path("container_id").textValue().startsWith("c"));
        assertTrue(running.path("active").booleanValue(), "a kernel that just started counts as active");
        assertTrue(running.path("exit_code").isNull());
        assertEquals("agent-1", running.path("agent_id").textValue());
        assertEquals("BerthAgent " + TOKEN, m.reportAuthorizations.get(0));

        ContainerSpec spec = runtime.specOf("k1");
        assertEquals(List.of("sh", "-c", "echo hi; sleep 1"), spec.command());
        assertEquals("sess-k1", spec.sessionId());
        assertEquals(IMAGE, spec.image());
        assertEquals(Map.of("cpu", "1", "mem", "268435456"), spec.resources().toWire());
        assertEquals(Map.of("GREETING", "hi"), spec.environment());
        assertFalse(spec.sudo());
        assertEquals("true", spec.labels().get(WorkLoop.MANAGED_LABEL));
        assertEquals("true", spec.labels().get(WorkLoop.BATCH_LABEL));

        FakeWorkManager.Poll first = m.polls.get(0);
        assertEquals("agent-1", first.agentId());
        assertEquals(-1, first.since());
        assertEquals("BerthAgent " + TOKEN, first.authorization());

        loop.step();
        loop.step();
        assertEquals(m.generation(), m.polls.get(m.polls.size() - 1).since(), "later polls pass the generation");
        assertEquals(1, runtime.created.size(), "the kernel is created once");
        assertEquals(2, m.reportsOf("k1").size(), "nothing new to report");
    }

    @Test
    void aKernelWithoutCommandRunsTheImagesOwnAndSudoIsPassedOn() throws Exception {
        FakeWorkManager m = manager();
        JsonNode order = FakeWorkManager.run("k1", IMAGE, null, false);
        ((com.fasterxml.jackson.databind.node.ObjectNode) order).put("sudo", true);
        m.orders(order);
        loop(NEVER_AGAIN).step();
        assertEquals(List.of(), runtime.specOf("k1").command());
        assertTrue(runtime.specOf("k1").sudo());
    }

    @Test
    void anExitedKernelIsReportedWithItsCodeAndOutputRemovedAndNotCreatedAgain() throws Exception {
        FakeWorkManager m = manager();
        m.orders(FakeWorkManager.run("k1", IMAGE, "echo hello; exit 3", true));
        WorkLoop loop = loop(NEVER_AGAIN);
        loop.step();
        runtime.print("k1", "hello\n");
        runtime.exit("k1", 3);

        loop.step();
        assertEquals(List.of("preparing", "running", "exited"), m.statesOf("k1"));
        JsonNode exited = last(m.reportsOf("k1"));
        assertEquals(3, exited.path("exit_code").intValue());
        assertEquals("hello\n", exited.path("log_tail").textValue());
        assertFalse(exited.path("active").booleanValue());
        assertFalse(runtime.has("k1"), "the ended container is removed");

        loop.step();
        loop.step();
        assertEquals(1, runtime.created.size(), "an exited kernel is not created again while still ordered");
        assertEquals(3, m.reportsOf("k1").size());

        // the manager drops the kernel, then (say, a new order with the same id) orders it again
        m.orders();
        loop.step();
        m.orders(FakeWorkManager.run("k1", IMAGE, "echo again", true));
        loop.step();
        assertEquals(2, runtime.created.size(), "forgotten once the manager stopped ordering it");
    }

    @Test
    void aContainerThatEndedBeforeTheAgentStartedIsReportedExited() throws Exception {
        FakeWorkManager m = manager();
        runtime.existing("k1", true);
        runtime.print("k1", "done\n");
        runtime.exit("k1", 0);
        m.orders(FakeWorkManager.run("k1", IMAGE, "true", true));
        loop(NEVER_AGAIN).step();
        assertEquals(List.of("exited"), m.statesOf("k1"));
        assertEquals(0, last(m.reportsOf("k1")).path("exit_code").intValue());
        assertEquals(0, runtime.created.size());
        assertFalse(runtime.has("k1"));
    }

    @Test
    void aRunningContainerFoundAtStartIsAdoptedAndReportedRunning() throws Exception {
        FakeWorkManager m = manager();
        runtime.existing("k1", true);
        m.orders(FakeWorkManager.run("k1", IMAGE, null, false));
        loop(NEVER_AGAIN).step();
        assertEquals(List.of("running"), m.statesOf("k1"));
        assertEquals(0, runtime.created.size());
    }

    @Test
    void destroyStopsAndRemovesTheContainerAndReportsItOnce() throws Exception {
        FakeWorkManager m = manager();
        m.orders(FakeWorkManager.run("k1", IMAGE, "sleep 300", false));
        WorkLoop loop = loop(NEVER_AGAIN);
        loop.step();
        runtime.print("k1", "bye\n");
        m.orders(FakeWorkManager.destroy("k1"));

        loop.step();
        assertEquals(List.of("preparing", "running", "destroyed"), m.statesOf("k1"));
        JsonNode destroyed = last(m.reportsOf("k1"));
        assertEquals(137, destroyed.path("exit_code").intValue());
        assertEquals("bye\n", destroyed.path("log_tail").textValue());
        assertTrue(destroyed.path("container_id").textValue().startsWith("c"));
        assertEquals(List.of("k1"), runtime.stopped, "stopped (SIGTERM, grace, SIGKILL) before removal");
        assertFalse(runtime.has("k1"));

        loop.step();
        assertEquals(3, m.reportsOf("k1").size(), "destroyed is reported once");
    }

    @Test
    void destroyOfAKernelWithoutContainerIsStillReported() throws Exception {
        FakeWorkManager m = manager();
        m.orders(FakeWorkManager.destroy("k9"));
        loop(NEVER_AGAIN).step();
        assertEquals(List.of("destroyed"), m.statesOf("k9"));
        assertTrue(last(m.reportsOf("k9")).path("container_id").isNull());
        assertTrue(last(m.reportsOf("k9")).path("exit_code").isNull());
    }

    @Test
    void destroyAfterExitCarriesTheExitCode() throws Exception {
        FakeWorkManager m = manager();
        m.orders(FakeWorkManager.run("k1", IMAGE, "exit 5", true));
        WorkLoop loop = loop(NEVER_AGAIN);
        loop.step();
        runtime.exit("k1", 5);
        loop.step();
        m.orders(FakeWorkManager.destroy("k1"));
        loop.step();
        assertEquals(List.of("preparing", "running", "exited", "destroyed"), m.statesOf("k1"));
        assertEquals(5, last(m.reportsOf("k1")).path("exit_code").intValue());
    }

    @Test
    void aFailedCreateIsReportedWithAReasonAndNotRetried() throws Exception {
        FakeWorkManager m = manager();
        m.orders(FakeWorkManager.run("k1", FakeRuntime.MISSING, "true", true),
                FakeWorkManager.run("k2", IMAGE, "sleep 300", false));
        WorkLoop loop = loop(NEVER_AGAIN);
        assertEquals(Duration.ZERO, loop.step(), "a failed kernel does not stop the loop");
        assertEquals(List.of("preparing", "failed"), m.statesOf("k1"));
        String reason = last(m.reportsOf("k1")).path("reason").textValue();
        assertTrue(reason.contains(FakeRuntime.MISSING) && reason.contains("not on this host"), reason);
        assertEquals(List.of("preparing", "running"), m.statesOf("k2"), "the other kernels still run");

        loop.step();
        assertEquals(2, m.reportsOf("k1").size(), "not tried again while the manager keeps the order");
    }

    @Test
    void anInvalidOrderFailsWithoutTouchingDocker() throws Exception {
        FakeWorkManager m = manager();
        m.orders(FakeWorkManager.run("k1", null, "true", true));
        JsonNode badMount = FakeWorkManager.run("k2", IMAGE, "true", true);
        ((com.fasterxml.jackson.databind.node.ObjectNode) badMount).putArray("mounts").add("relative:/data");
        m.orders(FakeWorkManager.run("k1", null, "true", true), badMount);
        loop(NEVER_AGAIN).step();
        assertEquals(List.of("failed"), m.statesOf("k1"));
        assertTrue(last(m.reportsOf("k1")).path("reason").textValue().startsWith("invalid order"));
        assertEquals(List.of("failed"), m.statesOf("k2"));
        assertTrue(last(m.reportsOf("k2")).path("reason").textValue().contains("absolute"));
        assertEquals(0, runtime.created.size());
    }

    @Test
    void mountsAreBindMounts() {
        assertEquals(new ContainerSpec.Mount("/data/a", "/home/work/a", true), WorkLoop.mount("/data/a:/home/work/a:ro"));
        assertEquals(new ContainerSpec.Mount("/data/a", "/a", false), WorkLoop.mount("/data/a:/a"));
    }

    @Test
    void logsRequestsAreAnsweredOnceWithTheLastLines() throws Exception {
        FakeWorkManager m = manager();
        m.orders(FakeWorkManager.run("k1", IMAGE, "sleep 300", false));
        WorkLoop loop = loop(NEVER_AGAIN);
        loop.step();
        runtime.print("k1", "a\nb\nc\n");
        m.requests(FakeWorkManager.logsRequest("r1", "k1", 2), FakeWorkManager.logsRequest("r2", "nope", 10),
                FakeWorkManager.logsRequest("r 3", "k1", 0));
        loop.step();
        assertEquals(3, m.replies.size());
        FakeWorkManager.Reply r1 = m.replies.stream().filter(r -> r.requestId().equals("r1")).findFirst().orElseThrow();
        assertEquals("b\nc\n", r1.body());
        assertEquals("agent-1", r1.agentId());
        FakeWorkManager.Reply r2 = m.replies.stream().filter(r -> r.requestId().equals("r2")).findFirst().orElseThrow();
        assertTrue(r2.body().contains("kernel nope has no container on agent agent-1"), r2.body());
        FakeWorkManager.Reply r3 = m.replies.stream().filter(r -> r.requestId().equals("r 3")).findFirst().orElseThrow();
        assertEquals("a\nb\nc\n", r3.body(), "0 lines: all of it");

        loop.step();
        assertEquals(3, m.replies.size(), "each request is answered once");
    }

    @Test
    void theOutputOfAnExitedKernelStaysAvailableToLogsRequests() throws Exception {
        FakeWorkManager m = manager();
        m.orders(FakeWorkManager.run("k1", IMAGE, "seq 3", true));
        WorkLoop loop = loop(NEVER_AGAIN);
        loop.step();
        runtime.print("k1", "1\n2\n3\n");
        runtime.exit("k1", 0);
        loop.step();
        m.requests(FakeWorkManager.logsRequest("r1", "k1", 1));
        loop.step();
        assertEquals("3\n", m.replies.get(0).body());
    }

    @Test
    void containersTheManagerNoLongerOrdersAreDestroyedButNotThoseMadeThroughTheService() throws Exception {
        FakeWorkManager m = manager();
        runtime.existing("k-old", true);
        runtime.existing("k-direct", false);
        m.orders(FakeWorkManager.run("k1", IMAGE, "sleep 300", false));
        loop(NEVER_AGAIN).step();
        assertEquals(List.of("destroyed"), m.statesOf("k-old"));
        assertFalse(runtime.has("k-old"));
        assertTrue(runtime.has("k-direct"), "a container made through the ContainerRuntime service is left alone");
        assertEquals(List.of(), m.statesOf("k-direct"));
        assertTrue(runtime.has("k1"));
    }

    @Test
    void nothingIsDestroyedOrReportedWhenThePollFails() throws Exception {
        FakeWorkManager m = manager();
        runtime.existing("k-old", true);
        m.pollStatus = 500;
        WorkLoop loop = loop(NEVER_AGAIN);
        assertTrue(loop.step().toMillis() > 0, "backs off");
        m.pollStatus = 401;
        assertTrue(loop.step().toMillis() > 0, "backs off");
        assertTrue(runtime.has("k-old"));
        assertEquals(0, m.reports.size());

        // a good poll, then the manager goes away: the exited kernel waits for the next good poll
        m.pollStatus = 0;
        m.orders(FakeWorkManager.run("k-old", IMAGE, "sleep 300", false));
        loop.step();
        assertEquals(List.of("running"), m.statesOf("k-old"));
        runtime.exit("k-old", 1);
        m.close();
        assertTrue(loop.step().toMillis() > 0, "backs off while the manager is unreachable");
        assertTrue(runtime.has("k-old"), "not touched without a successful poll");
        assertEquals(1, loop.reconciles());
    }

    @Test
    void reportsThatCouldNotBeDeliveredAreSentAgain() throws Exception {
        FakeWorkManager m = manager();
        m.reportStatus = 503;
        m.orders(FakeWorkManager.run("k1", IMAGE, "sleep 300", false));
        WorkLoop loop = loop(NEVER_AGAIN);
        assertTrue(loop.step().toMillis() > 0, "backs off when the reports are refused");
        assertEquals(0, m.reports.size());
        m.reportStatus = 204;
        loop.step();
        assertEquals(List.of("preparing", "running"), m.statesOf("k1"));
        assertEquals(1, runtime.created.size());
    }

    @Test
    void runningKernelsAreReReportedWithTheirActivity() throws Exception {
        FakeWorkManager m = manager();
        m.orders(FakeWorkManager.run("k1", IMAGE, "sleep 300", false));
        WorkLoop loop = loop(new WorkLoop.Timing(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)));
        loop.step();
        loop.step();
        assertFalse(last(m.reportsOf("k1")).path("active").booleanValue(), "no CPU used since the last report");
        runtime.burn("k1", 5_000_000);
        loop.step();
        assertTrue(last(m.reportsOf("k1")).path("active").booleanValue(), "CPU used since the last report");
        loop.step();
        assertFalse(last(m.reportsOf("k1")).path("active").booleanValue());
        assertEquals(List.of("preparing", "running", "running", "running", "running"), m.statesOf("k1"));
    }

    @Test
    void whileDockerdIsAwayNothingIsReportedFailed() throws Exception {
        FakeWorkManager m = manager();
        m.orders(FakeWorkManager.run("k1", IMAGE, "sleep 300", false));
        runtime.up = false;
        WorkLoop loop = loop(NEVER_AGAIN);
        assertTrue(loop.step().toMillis() > 0, "backs off while dockerd is away");
        assertEquals(List.of(), m.statesOf("k1"));
        runtime.up = true;
        loop.step();
        assertEquals(List.of("preparing", "running"), m.statesOf("k1"));
    }

    @Test
    void withoutATokenTheLoopWaitsAndDoesNotPoll() throws Exception {
        FakeWorkManager m = manager();
        WorkLoop loop = loop(NEVER_AGAIN, Optional::empty);
        assertTrue(loop.step().toMillis() > 0);
        assertEquals(0, m.polls.size());
    }

    @Test
    void theThreadLongPollsReactsToNewOrdersAndStopsPromptly() throws Exception {
        FakeWorkManager m = manager();
        WorkLoop loop = loop(new WorkLoop.Timing(Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofSeconds(1)));
        AtomicReference<Thread> worker = new AtomicReference<>();
        loop.start();
        DockerTestSupport.await(() -> loop.reconciles() >= 1, Duration.ofSeconds(10), "the first poll");
        DockerTestSupport.await(() -> m.polls.size() >= 2, Duration.ofSeconds(10), "a held poll");
        assertEquals(5, m.polls.get(1).waitSeconds());
        long before = System.nanoTime();
        m.orders(FakeWorkManager.run("k1", IMAGE, "sleep 300", false));
        DockerTestSupport.await(() -> m.statesOf("k1").contains("running"), Duration.ofSeconds(10), "k1 running");
        assertTrue(System.nanoTime() - before < Duration.ofSeconds(3).toNanos(),
                "a held poll returns as soon as the orders change");
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("berth-agent-work"))
                .findFirst().ifPresent(worker::set);
        assertTrue(worker.get() != null && worker.get().isDaemon());
        before = System.nanoTime();
        loop.stop();
        assertTrue(System.nanoTime() - before < Duration.ofSeconds(2).toNanos(), "stop interrupts the held poll");
        worker.get().join(1000);
        assertFalse(worker.get().isAlive());
    }

    @Test
    void tailsAreCutAtCharacterBoundaries() {
        assertEquals("abc", WorkLoop.tailBytes("abc", 10));
        assertEquals("c", WorkLoop.tailBytes("abc", 1));
        assertEquals("é", WorkLoop.tailBytes("aé", 2));
        assertEquals("aé", WorkLoop.tailBytes("aé", 3));
        assertEquals("", WorkLoop.tailBytes("é", 1));
        assertEquals("b\nc\n", WorkLoop.lastLines("a\nb\nc\n", 2));
        assertEquals("b\nc", WorkLoop.lastLines("a\nb\nc", 2));
        assertEquals("a\nb\n", WorkLoop.lastLines("a\nb\n", 5));
    }

    // ------------------------------------------------------------------ image auto-install

    private static final String PRIVATE = "registry.example:5001/private/tool:2";
    private static final String PASSWORD = "s3cret-Pa55";

    private static com.fasterxml.jackson.databind.node.ObjectNode withPull(
            com.fasterxml.jackson.databind.node.ObjectNode order, String pull, String digest, String user, String pass) {
        if (pull != null) {
            order.put("pull", pull);
        }
        order.put("image_digest", digest);
        if (user == null) {
            order.putNull("registry_auth");
        } else {
            order.putObject("registry_auth").put("username", user).put("password", pass);
        }
        return order;
    }

    @Test
    void pullNoneNeverPullsAndFailsAKernelWhoseImageIsMissing() throws Exception {
        FakeWorkManager m = manager();
        runtime.absent.add(PRIVATE);
        runtime.registry.put(PRIVATE, "");
        m.orders(withPull(FakeWorkManager.run("k1", PRIVATE, "sleep 300", false), "none", null, null, null),
                withPull(FakeWorkManager.run("k2", IMAGE, "sleep 300", false), "none", null, null, null));
        WorkLoop loop = loop(NEVER_AGAIN);
        loop.step();
        assertEquals(List.of("preparing", "failed"), m.statesOf("k1"));
        assertEquals("image " + PRIVATE + " is not on this agent and the auto-install rule is none",
                last(m.reportsOf("k1")).path("reason").textValue());
        assertEquals(List.of("preparing", "running"), m.statesOf("k2"), "a local image runs without a pull");
        assertTrue(runtime.pulls.isEmpty());
        assertFalse(runtime.has("k1"));
    }

    @Test
    void pullTagPullsAMissingImageWithTheCredentialsAfterReportingPreparing() throws Exception {
        FakeWorkManager m = manager();
        runtime.absent.add(PRIVATE);
        runtime.registry.put(PRIVATE, PASSWORD);
        AtomicReference<List<String>> atPull = new AtomicReference<>();
        runtime.onPull = () -> atPull.compareAndSet(null, m.statesOf("k1"));
        m.orders(withPull(FakeWorkManager.run("k1", PRIVATE, "sleep 300", false), "tag", null, "berth", PASSWORD),
                withPull(FakeWorkManager.run("k2", IMAGE, "sleep 300", false), "tag", null, null, null));
        WorkLoop loop = loop(NEVER_AGAIN);
        loop.step();
        assertEquals(List.of("preparing"), atPull.get(), "preparing is reported before the pull");
        assertEquals(List.of(Arrays.asList(PRIVATE, "berth", PASSWORD)), runtime.pulls,
                "only the missing image is pulled, with the order's credentials");
        assertEquals(List.of("preparing", "running"), m.statesOf("k1"));
        assertEquals(PRIVATE, runtime.specOf("k1").image());
        assertEquals(List.of("preparing", "running"), m.statesOf("k2"));
    }

    @Test
    void anOrderWithoutARuleMeansTag() throws Exception {
        FakeWorkManager m = manager();
        runtime.absent.add(PRIVATE);
        runtime.registry.put(PRIVATE, "");
        m.orders(FakeWorkManager.run("k1", PRIVATE, "sleep 300", false));
        loop(NEVER_AGAIN).step();
        assertEquals(List.of(Arrays.asList(PRIVATE, null, null)), runtime.pulls);
        assertEquals(List.of("preparing", "running"), m.statesOf("k1"));
    }

    @Test
    void pullDigestPullsByDigestOnlyWhenTheLocalImageLacksIt() throws Exception {
        FakeWorkManager m = manager();
        String repo = "registry.example:5001/private/tool";
        String have = "sha256:" + "a".repeat(64);
        String want = "sha256:" + "b".repeat(64);
        runtime.digests.put(PRIVATE, List.of(repo + "@" + have));
        runtime.registry.put(repo + "@" + want, PASSWORD);
        m.orders(withPull(FakeWorkManager.run("k1", PRIVATE, "sleep 300", false), "digest", have, "berth", PASSWORD),
                withPull(FakeWorkManager.run("k2", PRIVATE, "sleep 300", false), "digest", want, "berth", PASSWORD));
        loop(NEVER_AGAIN).step();
        assertEquals(List.of(Arrays.asList(repo + "@" + want, "berth", PASSWORD)), runtime.pulls);
        assertEquals(PRIVATE, runtime.specOf("k1").image(), "the local image has the digest: used as it is");
        assertEquals(repo + "@" + want, runtime.specOf("k2").image(), "the pulled digest is what runs");
        assertEquals(List.of("preparing", "running"), m.statesOf("k1"));
        assertEquals(List.of("preparing", "running"), m.statesOf("k2"));
    }

    @Test
    void pullDigestWithoutADigestPullsOnlyAMissingImage() throws Exception {
        FakeWorkManager m = manager();
        runtime.absent.add(PRIVATE);
        runtime.registry.put(PRIVATE, "");
        m.orders(withPull(FakeWorkManager.run("k1", PRIVATE, "sleep 300", false), "digest", null, null, null),
                withPull(FakeWorkManager.run("k2", IMAGE, "sleep 300", false), "digest", null, null, null));
        loop(NEVER_AGAIN).step();
        assertEquals(List.of(Arrays.asList(PRIVATE, null, null)), runtime.pulls);
        assertEquals(List.of("preparing", "running"), m.statesOf("k1"));
        assertEquals(List.of("preparing", "running"), m.statesOf("k2"));
    }

    @Test
    void aFailedPullIsReportedWithoutThePasswordAndNotRetried() throws Exception {
        FakeWorkManager m = manager();
        runtime.absent.add(PRIVATE);
        runtime.registry.put(PRIVATE, PASSWORD);
        m.orders(withPull(FakeWorkManager.run("k1", PRIVATE, "sleep 300", false), "tag", null, "berth", "wrong-" + PASSWORD),
                withPull(FakeWorkManager.run("k2", "nowhere/none:1", "sleep 300", false), "tag", null, null, null));
        runtime.absent.add("nowhere/none:1");
        WorkLoop loop = loop(NEVER_AGAIN);
        loop.step();
        assertEquals(List.of("preparing", "failed"), m.statesOf("k1"));
        String reason = last(m.reportsOf("k1")).path("reason").textValue();
        assertTrue(reason.startsWith("pull of " + PRIVATE + " failed: unauthorized"), reason);
        assertFalse(reason.contains(PASSWORD), reason);
        assertFalse(m.reports.toString().contains(PASSWORD), "no report holds the password");
        assertEquals("pull of nowhere/none:1 failed: manifest for nowhere/none:1 not found",
                last(m.reportsOf("k2")).path("reason").textValue());
        assertFalse(runtime.has("k1"));
        loop.step();
        assertEquals(2, runtime.pulls.size(), "a failed pull is not tried again while the manager keeps the order");
    }

    @Test
    void ordersCarryTheRuleDigestAndCredentialsButNeverShowThePassword() throws Exception {
        String json = "{\"generation\": 3, \"orders\": [" + withPull(FakeWorkManager.run("k1", PRIVATE, null, false),
                "digest", "sha256:abc", "berth", PASSWORD) + ", " + FakeWorkManager.run("k2", IMAGE, null, false) + "]}";
        WorkProtocol.Work w = WorkProtocol.Work.parse(json);
        WorkProtocol.Order o = w.orders().get(0);
        assertEquals("digest", o.pull());
        assertEquals("sha256:abc", o.imageDigest());
        assertEquals("berth", o.registryUsername());
        assertEquals(PASSWORD, o.registryPassword());
        assertFalse(o.toString().contains(PASSWORD), o.toString());
        assertFalse(w.toString().contains(PASSWORD), w.toString());
        WorkProtocol.Order plain = w.orders().get(1);
        assertEquals("tag", plain.pull());
        assertEquals(null, plain.imageDigest());
        assertEquals(null, plain.registryUsername());
    }
}
