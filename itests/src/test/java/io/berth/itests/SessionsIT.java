package io.berth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.agent.runtime.ContainerRuntime;
import io.berth.itests.Api.Resp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * SPEC C1-C7 against the running distribution: sessions run as real containers through the local agent
 * and the real dockerd; limits keep sessions pending with the reason; a resource group's scheduler is
 * switched and a policy bundle removed and installed at runtime; timeouts end sessions; concurrent
 * creates never over-commit a small cluster of simulated agents.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class SessionsIT extends BerthTestSupport {
    private static final EnumSet<FeaturesService.Option> NO_REFRESH = EnumSet.of(
            FeaturesService.Option.NoAutoRefreshBundles);
    private static final String IMAGE = "berth-test/busybox:1";

    @Inject
    private ContainerRuntime runtime;

    @Inject
    private FeaturesService features;

    private Api admin;

    @Before
    public void login() throws Exception {
        Api.awaitReady(PORT, "/sessions", Duration.ofSeconds(90));
        admin = Api.loginWhenReady(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);
    }

    private static Resp must(Resp r, int status) {
        assertEquals(r.toString(), status, r.status());
        return r;
    }

    /** A user of the default domain (member of its model-store project) signing with its own keypair. */
    private Api user(String name, String policy) throws Exception {
        JsonNode created = must(admin.post("/admin/users", Map.of("email", name + "@it.test", "username", name,
                "password", "Passw0rd!x")), 201).json();
        String ak = created.get("keypair").get("access_key").asText();
        if (policy != null) {
            must(admin.patch("/admin/keypairs/" + ak, Map.of("resource_policy", policy)), 200);
        }
        return new Api(PORT, ak, created.get("keypair").get("secret_key").asText());
    }

    private static Map<String, Object> session(String name, String type, String command, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("image", IMAGE);
        body.put("type", type);
        body.put("resources", Map.of("cpu", "0.25", "mem", "64m"));
        if (command != null) {
            body.put("startup_command", command);
        }
        body.putAll(extra);
        return body;
    }

    private static JsonNode await(Api as, String id, Predicate<JsonNode> condition, String what, int seconds)
            throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < end) {
            Resp r = as.get("/sessions/" + id);
            if (r.status() == 200) {
                last = r.json();
                if (condition.test(last)) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("session " + id + " never " + what + "; last seen " + last);
    }

    private static Predicate<JsonNode> status(String s) {
        return j -> j.get("status").asText().equals(s);
    }

    private static List<String> history(JsonNode detail) {
        List<String> out = new ArrayList<>();
        detail.get("history").forEach(h -> out.add(h.get("status").asText()));
        return out;
    }

    @Test
    public void sessionsRunAsContainersOnTheRealDockerdAndEnd() throws Exception {
        assertTrue("dockerd must be reachable (CI starts it); this test never skips", runtime.available());
        Api u = user("ses-runner", null);

        // interactive: PENDING -> SCHEDULED -> (PREPARING) -> RUNNING as a real container, then terminated
        JsonNode s = must(u.post("/sessions", session("web", "interactive", "echo started-$BERTH_CLUSTER_INDEX; "
                + "sleep 600", Map.of())), 201).json();
        assertEquals("pending", s.get("status").asText());
        String id = s.get("id").asText();
        JsonNode running = await(u, id, status("running"), "ran", 90);
        String kernel = running.get("kernels").get(0).get("id").asText();
        assertNotNull(running.get("kernels").get(0).get("container_id").asText());
        assertTrue("the container exists", runtime.inspect(kernel).isPresent());
        assertEquals(id, runtime.inspect(kernel).get().labels().get(ContainerRuntime.SESSION_LABEL));
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String logs = "";
        while (System.nanoTime() < end && !logs.contains("started-0")) {
            Resp l = u.get("/sessions/" + id + "/logs?tail=10");
            logs = l.status() == 200 ? l.raw().body() : logs;
            Thread.sleep(300);
        }
        assertTrue("logs come from the agent: " + logs, logs.contains("started-0"));
        JsonNode ending = must(u.delete("/sessions/" + id), 200).json();
        assertTrue(ending.toString(), List.of("terminating", "terminated").contains(ending.get("status").asText()));
        JsonNode done = await(u, id, status("terminated"), "terminated", 60);
        assertTrue(done.get("status_reason").asText(), done.get("status_reason").asText().contains("terminated by"));
        assertTrue("container removed", runtime.inspect(kernel).isEmpty());
        List<String> h = history(done);
        assertEquals(h.toString(), "pending", h.get(0));
        assertTrue(h.toString(), h.containsAll(List.of("scheduled", "running", "terminating", "terminated")));
        assertEquals("terminated", h.get(h.size() - 1));

        // batch: the startup command runs to its end; the exit code decides the final status
        String ok = must(u.post("/sessions", session("job-ok", "batch", "echo hello-batch; exit 0", Map.of())), 201)
                .json().get("id").asText();
        String bad = must(u.post("/sessions", session("job-bad", "batch", "echo failing; exit 3", Map.of())), 201)
                .json().get("id").asText();
        JsonNode okDone = await(u, ok, status("terminated"), "finished", 90);
        assertTrue(okDone.toString(), okDone.get("status_reason").asText().contains("batch job finished"));
        assertEquals(0, okDone.get("kernels").get(0).get("exit_code").asInt());
        assertTrue(must(u.get("/sessions/" + ok + "/logs"), 200).raw().body().contains("hello-batch"));
        JsonNode badDone = await(u, bad, status("error"), "failed", 90);
        assertEquals(3, badDone.get("kernels").get(0).get("exit_code").asInt());
        assertTrue(badDone.toString(), badDone.get("status_reason").asText().contains("exit"));

        // the export lists them with owner, group, status and times
        Resp csv = must(u.get("/sessions?download=csv"), 200);
        String body = csv.raw().body();
        assertTrue(body, body.startsWith("id,name,owner_email"));
        assertTrue(body, body.contains(ok) && body.contains("ses-runner@it.test") && body.contains("terminated"));
        String disposition = csv.header("Content-Disposition");
        assertTrue(disposition, disposition.contains("attachment") && disposition.contains(".csv"));

        // SPEC K3: a keypair that created sessions cannot be deleted
        Resp refused = must(admin.delete("/admin/keypairs/" + u.accessKey), 409);
        assertTrue(refused.toString(), refused.json().get("detail").asText().contains("session"));

        // recalculating usage finds nothing to correct: allocations followed every change
        JsonNode recalc = must(admin.post("/admin/maintenance/recalculate-usage", null), 200).json();
        assertEquals(recalc.toString(), 0, recalc.get("changes").size());
    }

    @Test
    public void aSessionOverItsLimitStaysPendingWithTheReasonUntilRoomIsMade() throws Exception {
        must(admin.post("/admin/resource-policies/keypair", Map.of("name", "ses-one", "max_concurrent_sessions", 1)),
                201);
        Api u = user("ses-limited", "ses-one");
        String first = must(u.post("/sessions", session("first", "interactive", "sleep 600", Map.of())), 201).json()
                .get("id").asText();
        await(u, first, j -> !j.get("status").asText().equals("pending"), "was placed", 60);
        String second = must(u.post("/sessions", session("second", "interactive", "sleep 600", Map.of())), 201)
                .json().get("id").asText();
        JsonNode waiting = await(u, second, j -> j.get("pending_reasons").size() > 0, "explained why it waits", 30);
        assertEquals("pending", waiting.get("status").asText());
        assertTrue(waiting.toString(), waiting.get("pending_reasons").toString().contains("concurrency"));
        assertTrue(waiting.get("retries").asInt() >= 1);
        // the admin sees the same reason
        assertTrue(admin.get("/sessions/" + second).json().get("pending_reasons").toString().contains("concurrency"));

        must(u.delete("/sessions/" + first), 200);
        await(u, second, j -> !j.get("status").asText().equals("pending"), "was placed once room was made", 60);
        must(u.delete("/sessions/" + second), 200);
        await(u, second, status("terminated"), "terminated", 60);
    }

    @Test
    public void theSchedulerIsSwitchedAndItsBundleRemovedAndInstalledAtRuntime() throws Exception {
        must(admin.post("/admin/resource-groups", Map.of("name", "ses-switch", "is_public", true, "scheduler",
                "nosuch")), 201);
        Api u = user("ses-switcher", null);
        try (SimulatedAgents sim = new SimulatedAgents("ses-switch", List.of("it-switch-1"), "4", "8g", false)) {
            String a = must(u.post("/sessions", session("sw-a", "interactive", "sleep 600",
                    Map.of("resource_group", "ses-switch"))), 201).json().get("id").asText();
            JsonNode waiting = await(u, a, j -> j.get("pending_reasons").toString().contains("not installed"),
                    "said its scheduler is missing", 30);
            assertTrue(waiting.toString(), waiting.get("status_reason").asText()
                    .contains("scheduler nosuch not installed"));
            must(admin.patch("/admin/resource-groups/ses-switch", Map.of("scheduler", "lifo")), 200);
            await(u, a, status("scheduled"), "was placed by lifo", 30);

            features.uninstallFeature("berth-scheduler-drf", NO_REFRESH);
            try {
                must(admin.patch("/admin/resource-groups/ses-switch", Map.of("scheduler", "drf")), 200);
                String b = must(u.post("/sessions", session("sw-b", "interactive", "sleep 600",
                        Map.of("resource_group", "ses-switch"))), 201).json().get("id").asText();
                await(u, b, j -> j.get("pending_reasons").toString().contains("scheduler drf not installed"),
                        "waited for drf", 30);
                features.installFeature("berth-scheduler-drf", NO_REFRESH);
                await(u, b, status("scheduled"), "was placed once drf was installed", 30);
                JsonNode first = must(u.get("/sessions/" + a), 200).json();
                assertEquals("sessions placed before the swap are untouched", "scheduled",
                        first.get("status").asText());
                must(admin.call("DELETE", "/sessions/" + b + "?forced=true", null), 200);
            } finally {
                if (!features.isInstalled(features.getFeature("berth-scheduler-drf"))) {
                    features.installFeature("berth-scheduler-drf", NO_REFRESH);
                }
            }
            must(admin.call("DELETE", "/sessions/" + a + "?forced=true", null), 200);
            assertEquals("terminated", must(u.get("/sessions/" + a), 200).json().get("status").asText());
        }
    }

    @Test
    public void pendingTimeoutAndMaxLifetimeEndSessionsWithTheirReason() throws Exception {
        must(admin.post("/admin/resource-groups", Map.of("name", "ses-empty", "is_public", true,
                "scheduler_options", Map.of("pending_timeout", 2))), 201);
        must(admin.post("/admin/resource-policies/keypair", Map.of("name", "ses-short", "max_session_lifetime", 4)),
                201);
        Api u = user("ses-timed", "ses-short");
        String lonely = must(u.post("/sessions", session("lonely", "interactive", "sleep 600",
                Map.of("resource_group", "ses-empty"))), 201).json().get("id").asText();
        JsonNode cancelled = await(u, lonely, status("cancelled"), "was cancelled", 30);
        assertTrue(cancelled.toString(), cancelled.get("status_reason").asText().contains("pending timeout"));

        String brief = must(u.post("/sessions", session("brief", "interactive", "sleep 600", Map.of())), 201).json()
                .get("id").asText();
        JsonNode ended = await(u, brief, status("terminated"), "was terminated at its lifetime", 90);
        assertTrue(ended.toString(), ended.get("status_reason").asText().contains("max session lifetime"));
    }

    @Test
    public void twoHundredConcurrentCreatesNeverOverCommitASmallCluster() throws Exception {
        must(admin.post("/admin/resource-groups", Map.of("name", "ses-burst", "is_public", true, "scheduler",
                "fifo", "scheduler_options", Map.of("retries_to_skip", 1))), 201);
        must(admin.post("/admin/resource-policies/keypair", Map.of("name", "ses-many", "max_concurrent_sessions",
                100)), 201);
        Api u = user("ses-burster", "ses-many");
        List<String> agents = List.of("it-burst-1", "it-burst-2", "it-burst-3");
        try (SimulatedAgents sim = new SimulatedAgents("ses-burst", agents, "4", "8g", false)) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<Resp>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                calls.add(pool.submit(() -> u.post("/sessions", Map.of("name", "burst-" + n, "image", IMAGE,
                        "resource_group", "ses-burst", "resources", Map.of("cpu", 1, "mem", "1g"),
                        "startup_command", "sleep 600"))));
            }
            for (Future<Resp> f : calls) {
                must(f.get(60, TimeUnit.SECONDS), 201);
            }
            pool.shutdown();
            // 3 agents x 4 cpu: exactly 12 are placed, whatever the interleaving, and never more
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<JsonNode> sessions = List.of();
            while (System.nanoTime() < end) {
                sessions = all(u, "ses-burst");
                long placed = sessions.stream().filter(j -> j.get("status").asText().equals("scheduled")).count();
                if (placed >= 12) {
                    break;
                }
                Thread.sleep(300);
            }
            Thread.sleep(2000); // more passes: nothing more may be placed
            sessions = all(u, "ses-burst");
            Map<String, Integer> perAgent = new HashMap<>();
            for (JsonNode j : sessions) {
                if (j.get("status").asText().equals("scheduled")) {
                    j.get("agents").forEach(a -> perAgent.merge(a.asText(), 1, Integer::sum));
                }
            }
            assertEquals(sessions.size() + " sessions: " + perAgent, 12,
                    perAgent.values().stream().mapToInt(Integer::intValue).sum());
            perAgent.forEach((agent, n) -> assertTrue(agent + " holds " + n + " cpu of 4", n <= 4));
            assertEquals(200, sessions.size());
            JsonNode waiting = sessions.stream().filter(j -> j.get("status").asText().equals("pending")).findFirst()
                    .orElseThrow();
            assertTrue(waiting.toString(), waiting.get("pending_reasons").toString().contains("no agent has room")
                    || waiting.get("retries").asInt() == 0);
            JsonNode recalc = must(admin.post("/admin/maintenance/recalculate-usage", null), 200).json();
            assertEquals(recalc.toString(), 0, recalc.get("changes").size());
            for (JsonNode j : sessions) {
                must(admin.call("DELETE", "/sessions/" + j.get("id").asText() + "?forced=true", null), 200);
            }
            assertFalse(all(u, "ses-burst").stream().anyMatch(j -> j.get("status").asText().equals("scheduled")));
        }
    }

    private static List<JsonNode> all(Api as, String group) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (int offset = 0; ; offset += 100) {
            JsonNode page = must(as.get("/sessions?resource_group=" + group + "&limit=100&offset=" + offset), 200)
                    .json();
            page.get("items").forEach(out::add);
            if (page.get("items").size() < 100) {
                return out;
            }
        }
    }
}
