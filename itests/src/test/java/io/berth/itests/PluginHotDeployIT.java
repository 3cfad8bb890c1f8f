package io.berth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.itests.Api.Resp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * SPEC X2 under load: while sessions are created and ended continuously, a resource group's scheduler is
 * swapped between fifo, drf, lifo and the example third-party plugin; the example is hot-deployed into
 * {@code deploy/}, removed and deployed again; shipped plugins (lifo, TOTP) are uninstalled and installed.
 * No request fails with a server error, no session is lost or placed twice, and every session ends
 * RUNNING or with a recorded reason.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class PluginHotDeployIT extends BerthTestSupport {
    private static final EnumSet<FeaturesService.Option> NO_REFRESH = EnumSet.of(
            FeaturesService.Option.NoAutoRefreshBundles);
    private static final String GROUP = "hd-load";
    private static final int CPU_PER_AGENT = 6;

    @Inject
    private FeaturesService features;

    private static Resp must(Resp r, int status) {
        assertEquals(r.toString(), status, r.status());
        return r;
    }

    private static void await(String what, int seconds, Check check) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < end) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("never " + what);
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    /** Creates sessions and ends some of them, recording every answer, until stopped. */
    private static final class Load implements Runnable {
        final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        final List<String> created = Collections.synchronizedList(new ArrayList<>());
        final List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean stop = new AtomicBoolean();
        private final Api user;

        Load(Api user) {
            this.user = user;
        }

        private void record(String what, Resp r) {
            statuses.merge(r.status(), 1, Integer::sum);
            if (r.status() >= 500) {
                serverErrors.add(what + " -> " + r);
            }
        }

        @Override
        public void run() {
            int n = 0;
            int oldest = 0;
            while (!stop.get()) {
                try {
                    Resp c = user.post("/sessions", Map.of("name", "hd-" + n, "image", "berth-test/busybox:1",
                            "resource_group", GROUP, "resources", Map.of("cpu", 1, "mem", "256m"),
                            "startup_command", "sleep 600"));
                    record("create", c);
                    if (c.status() == 201) {
                        created.add(c.json().get("id").asText());
                    }
                    if (n % 2 == 1 && oldest < created.size() - 4) {
                        // end the oldest session not ended yet, so that room is made and placement goes on
                        Resp t = user.delete("/sessions/" + created.get(oldest++));
                        record("terminate", t);
                    }
                    record("list", user.get("/sessions?resource_group=" + GROUP + "&limit=5"));
                    n++;
                    Thread.sleep(120);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    serverErrors.add("request failed: " + e);
                }
            }
        }
    }

    @Test
    public void swappingAndHotDeployingPluginsUnderLoadLosesNothing() throws Exception {
        Path example = Path.of(System.getProperty("berth.example.jar"));
        assertTrue("the example plugin must be built first (./berth test does): " + example, Files.isRegularFile(example));
        Path deployed = Path.of(System.getProperty("karaf.base"), "deploy", example.getFileName().toString());
        Api.awaitReady(PORT, "/sessions", Duration.ofSeconds(90));
        Api admin = Api.loginWhenReady(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);
        must(admin.post("/admin/resource-groups", Map.of("name", GROUP, "is_public", true, "scheduler", "fifo",
                "scheduler_options", Map.of("retries_to_skip", 1))), 201);
        must(admin.post("/admin/resource-policies/keypair", Map.of("name", "hd-many", "max_concurrent_sessions",
                100)), 201);
        JsonNode created = must(admin.post("/admin/users", Map.of("email", "hd-loader@it.test", "username",
                "hd-loader", "password", "Passw0rd!x")), 201).json();
        String ak = created.get("keypair").get("access_key").asText();
        must(admin.patch("/admin/keypairs/" + ak, Map.of("resource_policy", "hd-many")), 200);
        Api user = new Api(PORT, ak, created.get("keypair").get("secret_key").asText());

        Load load = new Load(user);
        Thread loader = new Thread(load, "hd-load");
        try (SimulatedAgents agents = new SimulatedAgents(GROUP, List.of("hd-agent-1", "hd-agent-2"),
                String.valueOf(CPU_PER_AGENT), "32g", true)) {
            loader.start();
            await("ran a session", 60, () -> running(user) > 0);

            for (String scheduler : List.of("drf", "lifo", "fifo", "drf")) {
                must(admin.patch("/admin/resource-groups/" + GROUP, Map.of("scheduler", scheduler)), 200);
                Thread.sleep(1500);
            }

            // the third-party plugin arrives through deploy/: its policy is selectable, its resource served
            Files.copy(example, deployed, StandardCopyOption.REPLACE_EXISTING);
            await("served the example's resource", 60, () -> admin.get("/plugins/shortest-first").status() == 200);
            must(admin.patch("/admin/resource-groups/" + GROUP, Map.of("scheduler", "shortest-first")), 200);
            int mark = load.created.size();
            await("placed sessions with the example policy", 60, () -> placedSince(user, load.created, mark));

            // it leaves: sessions wait with the reason, and resume when it is back
            Files.delete(deployed);
            await("removed the example's resource", 60, () -> admin.get("/plugins/shortest-first").status() == 404);
            String waiting = must(user.post("/sessions", Map.of("name", "hd-waiting", "image", "berth-test/busybox:1",
                    "resource_group", GROUP, "resources", Map.of("cpu", 1, "mem", "256m"))), 201).json()
                    .get("id").asText();
            load.created.add(waiting);
            await("said the example policy is missing", 30, () -> user.get("/sessions/" + waiting).json()
                    .get("pending_reasons").toString().contains("scheduler shortest-first not installed"));
            Files.copy(example, deployed, StandardCopyOption.REPLACE_EXISTING);
            await("placed the waiting session once the example was back", 60,
                    () -> !user.get("/sessions/" + waiting).json().get("status").asText().equals("pending")
                            || user.get("/sessions/" + waiting).json().get("pending_reasons").toString()
                                    .contains("no agent has room"));

            // shipped plugins: uninstalled and installed while the load goes on
            must(admin.patch("/admin/resource-groups/" + GROUP, Map.of("scheduler", "lifo")), 200);
            features.uninstallFeature("berth-scheduler-lifo", NO_REFRESH);
            features.installFeature("berth-auth-totp", NO_REFRESH); // not booted by default
            Thread.sleep(2000);
            features.installFeature("berth-scheduler-lifo", NO_REFRESH);
            features.uninstallFeature("berth-auth-totp", NO_REFRESH);
            must(admin.patch("/admin/resource-groups/" + GROUP, Map.of("scheduler", "fifo")), 200);
            Thread.sleep(2000);
        } finally {
            load.stop.set(true);
            loader.join(30_000);
            Files.deleteIfExists(deployed);
            if (features.isInstalled(features.getFeature("berth-auth-totp"))) {
                features.uninstallFeature("berth-auth-totp", NO_REFRESH);
            }
        }

        assertEquals("no server errors: " + load.statuses, List.of(), load.serverErrors);
        assertTrue("the load ran: " + load.statuses, load.created.size() > 20);
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode j : all(user)) {
            byId.put(j.get("id").asText(), j);
        }
        assertTrue("no session lost", byId.keySet().containsAll(load.created));
        Map<String, Integer> perAgent = new TreeMap<>();
        for (JsonNode j : byId.values()) {
            String status = j.get("status").asText();
            if (Set.of("scheduled", "preparing", "running", "terminating").contains(status)) {
                j.get("agents").forEach(a -> perAgent.merge(a.asText(), 1, Integer::sum));
            }
            boolean explained = status.equals("running")
                    || !j.get("status_reason").asText("").isBlank()
                    || j.get("pending_reasons").size() > 0;
            assertTrue("every session runs or says why not: " + j, explained);
        }
        perAgent.forEach((a, n) -> assertTrue(a + " holds " + n + " of " + CPU_PER_AGENT + " cpu", n <= CPU_PER_AGENT));
        JsonNode recalc = must(admin.post("/admin/maintenance/recalculate-usage", null), 200).json();
        assertEquals("no double placement: allocations match the sessions " + recalc, 0, recalc.get("changes").size());
        for (String id : byId.keySet()) {
            must(admin.call("DELETE", "/sessions/" + id + "?forced=true", null), 200);
        }
    }

    private static int running(Api user) throws Exception {
        return (int) all(user).stream().filter(j -> j.get("status").asText().equals("running")).count();
    }

    /** Whether a session created after {@code mark} has been placed (whatever happened to it since). */
    private static boolean placedSince(Api user, List<String> created, int mark) throws Exception {
        List<String> since;
        synchronized (created) {
            since = new ArrayList<>(created.subList(mark, created.size()));
        }
        for (String id : since) {
            String status = user.get("/sessions/" + id).json().get("status").asText();
            if (Set.of("scheduled", "preparing", "running", "terminating", "terminated").contains(status)) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> all(Api as) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (int offset = 0; ; offset += 100) {
            JsonNode page = must(as.get("/sessions?resource_group=" + GROUP + "&limit=100&offset=" + offset), 200)
                    .json();
            page.get("items").forEach(out::add);
            if (page.get("items").size() < 100) {
                return out;
            }
        }
    }
}
