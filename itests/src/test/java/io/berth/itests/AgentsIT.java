package io.berth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.agent.runtime.ContainerInfo;
import io.berth.agent.runtime.ContainerRuntime;
import io.berth.agent.runtime.ContainerSpec;
import io.berth.itests.Api.Resp;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * SPEC A1-A3, G1-G4 against the running distribution and the real dockerd: the local agent registers
 * and heartbeats; a simulated agent goes LOST and comes back; containers run with the requested
 * limits; mock GPUs (the mock accelerator, as no GPU exists here) appear as slots and devices.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class AgentsIT extends BerthTestSupport {
    private static final EnumSet<FeaturesService.Option> NO_REFRESH = EnumSet.of(
            FeaturesService.Option.NoAutoRefreshBundles);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    private ContainerRuntime runtime;

    @Inject
    private FeaturesService features;

    @Inject
    private ConfigurationAdmin configAdmin;

    private static Resp must(Resp r, int status) {
        assertEquals(r.toString(), status, r.status());
        return r;
    }

    /** Polls the agent's view until the condition holds (bounded). */
    private static JsonNode awaitAgent(Api admin, String id, Predicate<JsonNode> condition, String what)
            throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < end) {
            Resp r = admin.get("/admin/agents/" + id);
            if (r.status() == 200) {
                last = r.json();
                if (condition.test(last)) {
                    return last;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("agent " + id + " never " + what + "; last seen " + last);
    }

    private static String localAgentId(Api admin) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            for (JsonNode a : admin.get("/admin/agents?status=alive").json().get("items")) {
                if (!a.get("id").asText().startsWith("it-")) {
                    return a.get("id").asText();
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the local agent did not register");
    }

    private static int agentApi(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/agent-api/" + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "BerthAgent " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String report(String id) {
        return "{\"id\":\"" + id + "\",\"region\":\"it\",\"architecture\":\"x86_64\",\"version\":\"it\","
                + "\"address\":\"10.9.9.9\",\"resource_group\":\"default\",\"available_slots\":{\"cpu\":\"8\","
                + "\"mem\":\"16g\"},\"occupied_slots\":{},\"cpu_percent\":1.5,\"memory_used_bytes\":1024,"
                + "\"container_count\":0,\"devices\":[]}";
    }

    @Test
    public void localAgentRegistersAndTheAdminControlsScheduling() throws Exception {
        Api.awaitReady(PORT, "/admin/agents", Duration.ofSeconds(90));
        Api admin = Api.loginWhenReady(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);
        String id = localAgentId(admin);
        JsonNode agent = must(admin.get("/admin/agents/" + id), 200).json();
        assertEquals("alive", agent.get("status").asText());
        assertEquals("default", agent.get("resource_group").asText());
        assertEquals(String.valueOf(Runtime.getRuntime().availableProcessors()),
                agent.get("available_slots").get("cpu").asText());
        assertTrue(agent.toString(), Long.parseLong(agent.get("available_slots").get("mem").asText()) > 0);
        assertFalse(agent.get("architecture").asText().isEmpty());
        String first = agent.get("last_heartbeat").asText();
        awaitAgent(admin, id, a -> !a.get("last_heartbeat").asText().equals(first), "heartbeat again");

        assertFalse(must(admin.patch("/admin/agents/" + id, Map.of("schedulable", false)), 200).json()
                .get("schedulable").asBoolean());
        awaitAgent(admin, id, a -> !a.get("last_heartbeat").asText().equals(first), "heartbeat");
        assertFalse("kept across heartbeats", admin.get("/admin/agents/" + id).json().get("schedulable").asBoolean());
        must(admin.patch("/admin/agents/" + id, Map.of("schedulable", true)), 200);
    }

    @Test
    public void anAgentThatStopsHeartbeatingIsLostAndComesBack() throws Exception {
        Api.awaitReady(PORT, "/admin/agents", Duration.ofSeconds(90));
        Api admin = Api.loginWhenReady(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);
        Path tokenFile = Path.of(System.getProperty("karaf.data"), "agent-token");
        String token = Files.readString(tokenFile).trim();
        assertEquals(401, agentApi("register", null, report("it-sim-1")));
        assertEquals(401, agentApi("register", token + "x", report("it-sim-1")));
        assertEquals(404, agentApi("heartbeat", token, report("it-never-registered")));

        assertEquals(200, agentApi("register", token, report("it-sim-1")));
        assertEquals("alive", admin.get("/admin/agents/it-sim-1").json().get("status").asText());
        JsonNode lost = awaitAgent(admin, "it-sim-1", a -> a.get("status").asText().equals("lost"), "became LOST");
        assertTrue(lost.toString(), lost.get("status_reason").asText().contains("heartbeat"));
        assertTrue(admin.get("/admin/agents?status=lost").json().toString().contains("it-sim-1"));

        assertEquals(200, agentApi("heartbeat", token, report("it-sim-1")));
        assertEquals("alive", admin.get("/admin/agents/it-sim-1").json().get("status").asText());
        assertEquals(204, agentApi("goodbye", token, "{\"id\":\"it-sim-1\"}"));
        assertEquals("terminated", admin.get("/admin/agents/it-sim-1").json().get("status").asText());
        assertTrue("terminated agents stay listed",
                admin.get("/admin/agents?status=terminated").json().toString().contains("it-sim-1"));
    }

    @Test
    public void containersRunWithTheRequestedLimitsOnTheRealDockerd() throws Exception {
        assertTrue("dockerd must be reachable (CI starts it); this test never skips", runtime.available());
        Api.awaitReady(PORT, "/admin/agents", Duration.ofSeconds(90));
        Api admin = Api.loginWhenReady(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);
        String id = localAgentId(admin);
        String kernel = "it-kernel-" + System.nanoTime();
        ContainerSpec spec = new ContainerSpec(kernel, "it-session", "berth-test/busybox:1",
                List.of("sh", "-c", "cat /sys/fs/cgroup/memory.max 2>/dev/null"
                        + " || cat /sys/fs/cgroup/memory/memory.limit_in_bytes; id -u; sleep 300"),
                Map.of("BERTH_IT", "1"), ResourceSlots.of(Map.of("cpu", Amount.of(new java.math.BigDecimal("0.5")),
                        "mem", Amount.of(64L << 20))), 0, List.of(), false, Map.of());
        try {
            ContainerInfo info = runtime.create(spec);
            assertEquals(64L << 20, info.memoryLimitBytes());
            assertEquals(500_000_000L, info.nanoCpus());
            assertEquals(kernel, info.labels().get(ContainerRuntime.KERNEL_LABEL));
            String logs = "";
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < end && !logs.contains("1000")) {
                logs = runtime.logs(kernel, 20);
                Thread.sleep(200);
            }
            assertTrue("the limit read inside the container: " + logs, logs.contains(String.valueOf(64L << 20)));
            assertTrue("runs as 1000 without sudo: " + logs, logs.contains("1000"));
            JsonNode busy = awaitAgent(admin, id, a -> a.get("container_count").asInt() >= 1
                    && a.get("occupied_slots").has("mem")
                    && Long.parseLong(a.get("occupied_slots").get("mem").asText()) >= 64L << 20,
                    "reported the container");
            assertNotNull(busy);
            assertEquals(info.containerId(), runtime.create(spec).containerId());
        } finally {
            runtime.remove(kernel);
        }
        assertTrue(runtime.inspect(kernel).isEmpty());
        awaitAgent(admin, id, a -> !a.get("occupied_slots").has("mem")
                || Long.parseLong(a.get("occupied_slots").get("mem").asText()) < 64L << 20, "released the container");
    }

    @Test
    public void mockGpusAppearAsSlotsAndDevices() throws Exception {
        Api.awaitReady(PORT, "/admin/agents", Duration.ofSeconds(90));
        Api admin = Api.loginWhenReady(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);
        String id = localAgentId(admin);
        Configuration c = configAdmin.getConfiguration("io.berth.accelerator.mock", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("devices", "2");
        c.update(props);
        features.installFeature("berth-accelerator-mock", NO_REFRESH);
        try {
            JsonNode agent = awaitAgent(admin, id, a -> a.get("devices").size() == 2
                    && a.get("available_slots").has("cuda.device"), "reported two mock GPUs");
            assertEquals("2", agent.get("available_slots").get("cuda.device").asText());
            assertTrue(agent.get("devices").toString(), agent.get("devices").get(0).get("id").asText()
                    .startsWith("mock-gpu-"));
        } finally {
            features.uninstallFeature("berth-accelerator-mock", NO_REFRESH);
        }
        awaitAgent(admin, id, a -> a.get("devices").size() == 0, "dropped the mock GPUs");
    }
}
