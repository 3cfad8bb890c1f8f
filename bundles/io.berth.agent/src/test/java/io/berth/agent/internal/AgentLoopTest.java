package io.berth.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.spi.resource.ResourceSlots;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registration, heartbeats, re-registration, backoff and goodbye against a fake manager. */
class AgentLoopTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "s3cr3t-agent-token-value";

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private static AgentState state(String id) {
        return new AgentState(id, "local", "x86_64", "test", "127.0.0.1", "default",
                ResourceSlots.fromWire(Map.of("cpu", "2", "mem", "1073741824")), ResourceSlots.EMPTY, 1.0, 1, 0,
                List.of());
    }

    private AgentLoop loop(URI url, Supplier<Optional<String>> token, Backoff backoff) {
        ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor();
        AgentLoop loop = new AgentLoop("agent-1", new ManagerClient(url, Duration.ofSeconds(2)), token,
                "the test token", () -> state("agent-1"), Duration.ofSeconds(1), backoff, exec);
        closeables.add(loop::stop);
        return loop;
    }

    private FakeManager manager() throws Exception {
        FakeManager m = new FakeManager();
        closeables.add(m);
        return m;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void registersThenHeartbeatsAtTheManagersIntervalAndSaysGoodbye() throws Exception {
        FakeManager m = manager();
        AgentLoop loop = loop(m.url(), () -> Optional.of(TOKEN), Backoff.standard());
        loop.start();
        await(() -> m.count("/heartbeat") >= 3, "three heartbeats at the 50 ms interval the manager asked for");
        assertEquals(1, m.count("/register"));
        assertTrue(loop.registered());
        for (FakeManager.Call c : m.calls) {
            assertEquals("BerthAgent " + TOKEN, c.authorization());
            JsonNode body = JSON.readTree(c.body());
            assertEquals("agent-1", body.get("id").textValue());
            assertEquals("2", body.get("available_slots").get("cpu").textValue());
        }
        assertEquals("/agent-api/register", m.calls.get(0).path());
        loop.stop();
        assertEquals(1, m.count("/goodbye"));
        FakeManager.Call bye = m.calls.stream().filter(c -> c.path().endsWith("/goodbye")).findFirst().orElseThrow();
        assertEquals("{\"id\":\"agent-1\"}", bye.body());
        assertEquals("BerthAgent " + TOKEN, bye.authorization());
        long after = m.calls.size();
        Thread.sleep(200);
        assertEquals(after, m.calls.size(), "nothing is sent after stop");
        assertFalse(loop.registered());
    }

    @Test
    void registersAgainWhenAHeartbeatGets404() throws Exception {
        FakeManager m = manager();
        AtomicInteger heartbeats = new AtomicInteger();
        m.answers = c -> {
            if (c.path().endsWith("/register")) {
                return FakeManager.Answer.ok(FakeManager.REGISTERED);
            }
            // the manager "forgets" the agent at the second heartbeat
            return heartbeats.incrementAndGet() == 2 ? FakeManager.Answer.status(404) : FakeManager.Answer.ok("{}");
        };
        AgentLoop loop = loop(m.url(), () -> Optional.of(TOKEN), Backoff.standard());
        loop.start();
        await(() -> loop.registrations() == 2 && loop.heartbeats() >= 2, "a second registration after the 404");
        List<String> paths = m.calls.stream().map(FakeManager.Call::path).map(p -> p.substring(11)).toList();
        assertEquals(List.of("register", "heartbeat", "heartbeat", "register"), paths.subList(0, 4));
    }

    @Test
    void backsOffExponentiallyUpTo30sWhileTheManagerIsUnreachableThenRecovers() throws Exception {
        int port;
        try (FakeManager probe = new FakeManager()) {
            port = probe.port();
        }
        AgentLoop loop = loop(URI.create("http://127.0.0.1:" + port), () -> Optional.of(TOKEN), Backoff.standard());
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            delays.add(loop.step().toSeconds());
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L), delays);
        assertFalse(loop.registered());
        FakeManager m = new FakeManager(port);
        closeables.add(m);
        assertEquals(Duration.ofMillis(50), loop.step(), "registered: the manager's interval");
        assertTrue(loop.registered());
        m.close();
        assertEquals(Duration.ofSeconds(1), loop.step(), "the backoff starts again from 1 s after a success");
        assertEquals(Duration.ofSeconds(2), loop.step());
        assertTrue(loop.registered(), "an unreachable manager does not undo the registration");
    }

    @Test
    void aRefusedTokenIsLoggedOnceAndRetriedWithBackoffAndNeverLogged() throws Exception {
        FakeManager m = manager();
        m.answers = c -> FakeManager.Answer.status(401);
        AgentLoop loop = loop(m.url(), () -> Optional.of(TOKEN), Backoff.standard());
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<Long> delays = new ArrayList<>();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 5; i++) {
                delays.add(loop.step().toSeconds());
            }
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L), delays);
        assertEquals(5, m.count("/register"));
        assertFalse(loop.registered());
        assertEquals(1, log.split("refused the token", -1).length - 1, "logged once: " + log);
        assertFalse(log.contains(TOKEN), "the token must never be logged");
        m.answers = c -> FakeManager.Answer.ok(FakeManager.REGISTERED);
        loop.step();
        assertTrue(loop.registered());
    }

    @Test
    void aServerErrorIsRetriedWithBackoff() throws Exception {
        FakeManager m = manager();
        m.answers = c -> FakeManager.Answer.status(500);
        AgentLoop loop = loop(m.url(), () -> Optional.of(TOKEN), Backoff.standard());
        assertEquals(Duration.ofSeconds(1), loop.step());
        assertEquals(Duration.ofSeconds(2), loop.step());
        assertFalse(loop.registered());
    }

    @Test
    void waitsForTheTokenFileWithoutCallingTheManager(@TempDir Path data) throws Exception {
        FakeManager m = manager();
        AgentSettings settings = AgentSettings.from(TestFiles.config(Map.of("manager_url", m.url().toString())),
                Map.of(), data);
        AgentLoop loop = loop(settings.managerUrl(), settings::currentToken, Backoff.standard());
        assertEquals(Duration.ofSeconds(1), loop.step());
        assertEquals(Duration.ofSeconds(2), loop.step());
        assertEquals(0, m.calls.size());
        Files.writeString(data.resolve("agent-token"), "from-file\n");
        loop.step();
        assertTrue(loop.registered());
        assertEquals("BerthAgent from-file", m.calls.get(0).authorization());
    }

    @Test
    void goodbyeIsBoundedWhenTheManagerHangs() throws Exception {
        FakeManager m = manager();
        m.answers = c -> c.path().endsWith("/goodbye") ? new FakeManager.Answer(200, "{}", 10_000)
                : c.path().endsWith("/register") ? FakeManager.Answer.ok(FakeManager.REGISTERED) : FakeManager.Answer.ok("{}");
        AgentLoop loop = loop(m.url(), () -> Optional.of(TOKEN), Backoff.standard());
        loop.start();
        await(loop::registered, "registration");
        long t0 = System.nanoTime();
        loop.stop();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 3_500, "stop took " + ms + " ms");
        assertEquals(1, m.count("/goodbye"));
    }

    @Test
    void backoffDoublesToItsCapAndResets() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500));
        assertEquals(List.of(100L, 200L, 400L, 500L, 500L),
                List.of(b.next().toMillis(), b.next().toMillis(), b.next().toMillis(), b.next().toMillis(),
                        b.next().toMillis()));
        b.reset();
        assertEquals(100, b.next().toMillis());
    }
}
