package io.berth.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import io.berth.agent.runtime.ContainerInfo;
import io.berth.agent.runtime.ContainerSpec;
import io.berth.spi.accelerator.AcceleratorPlugin;
import io.berth.spi.accelerator.DeviceUsage;
import io.berth.spi.resource.ResourceSlots;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

/**
 * The whole agent as DS activates it, against a fake manager and the real dockerd: the token comes
 * from the file the manager writes, the heartbeats carry the host's slots, the plugin's devices and
 * the containers' occupancy, and deactivation says goodbye.
 */
class AgentComponentDockerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static BundleContext context() {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (p, m, a) -> m.getName().equals("getVersion") ? new Version("0.1.0.test") : null);
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (p, m, a) -> m.getName().equals("getBundle") ? bundle : null);
    }

    private static JsonNode lastHeartbeat(FakeManager m) throws Exception {
        List<FakeManager.Call> beats = m.calls.stream().filter(c -> c.path().endsWith("/heartbeat")).toList();
        return JSON.readTree(beats.get(beats.size() - 1).body());
    }

    private static boolean workThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("berth-agent-work") && t.isAlive());
    }

    @Test
    void registersReportsContainersAndDevicesAndSaysGoodbye(@TempDir Path data) throws Exception {
        String agentId = DockerTestSupport.agentId();
        DockerClient docker = DockerContainerRuntime.connect(DockerTestSupport.DOCKER_HOST);
        DockerTestSupport.requireDocker(docker);
        DockerTestSupport.requireRegistries();
        docker.pullImageCmd(DockerTestSupport.OPEN_REGISTRY + "/berth/python").withTag("3.11")
                .exec(new com.github.dockerjava.api.command.PullImageResultCallback())
                .awaitCompletion(2, java.util.concurrent.TimeUnit.MINUTES);
        String previous = System.getProperty("karaf.data");
        System.setProperty("karaf.data", data.toString());
        AgentComponent agent = new AgentComponent();
        try (FakeManager m = new FakeManager()) {
            agent.addAccelerator(new FakeAccelerator("fake", 2, Map.of("fake0", new DeviceUsage(10, 5, 1L << 30))),
                    Map.of(AcceleratorPlugin.PROPERTY, "fake"));
            agent.activate(context(), TestFiles.config(Map.of("manager_url", m.url().toString(), "id", agentId,
                    "reserved_memory", "1g", "reserved_cpu", "0", "docker_host", DockerTestSupport.DOCKER_HOST)));
            try {
                Thread.sleep(300);
                assertEquals(0, m.calls.size(), "no token yet: the agent waits for the manager's token file");
                Files.writeString(data.resolve("agent-token"), "file-token\n");
                DockerTestSupport.await(() -> m.count("/heartbeat") >= 1, Duration.ofSeconds(15), "a heartbeat");

                JsonNode reg = JSON.readTree(m.calls.get(0).body());
                assertEquals("/agent-api/register", m.calls.get(0).path());
                assertEquals("BerthAgent file-token", m.calls.get(0).authorization());
                assertEquals(agentId, reg.get("id").textValue());
                assertEquals("0.1.0.test", reg.get("version").textValue());
                assertEquals(String.valueOf(Runtime.getRuntime().availableProcessors()),
                        reg.get("available_slots").get("cpu").textValue());
                assertEquals("2", reg.get("available_slots").get("fake.device").textValue());
                long mem = Long.parseLong(reg.get("available_slots").get("mem").textValue());
                assertEquals(HostResources.ofThisHost().memoryTotalBytes() - (1L << 30), mem);
                assertEquals(2, reg.get("devices").size());
                assertEquals(10.0, reg.get("devices").get(0).get("utilisation_percent").doubleValue());
                assertEquals(-1, reg.get("devices").get(1).get("utilisation_percent").intValue());
                assertEquals(0, reg.get("container_count").intValue());
                List<String> images = new java.util.ArrayList<>();
                reg.get("images").forEach(i -> images.add(i.textValue()));
                assertTrue(images.contains(DockerTestSupport.OPEN_IMAGE), "the local images: " + images);
                assertTrue(images.contains(DockerTestSupport.IMAGE), "the local images: " + images);

                ContainerInfo c = agent.create(new ContainerSpec("k-1", "s-1", DockerTestSupport.IMAGE,
                        List.of("sleep", "300"), Map.of(), ResourceSlots.fromWire(Map.of("cpu", "0.5",
                                "mem", "67108864", "fake.device", "1")), 0, List.of(), false, Map.of()));
                assertEquals("running", c.state());
                DockerTestSupport.await(() -> {
                    try {
                        return lastHeartbeat(m).get("container_count").intValue() == 1;
                    } catch (Exception e) {
                        return false;
                    }
                }, Duration.ofSeconds(15), "a heartbeat counting the container");
                JsonNode beat = lastHeartbeat(m);
                assertEquals(Map.of("cpu", "0.5", "mem", "67108864", "fake.device", "1"),
                        JSON.convertValue(beat.get("occupied_slots"), Map.class));
                assertTrue(beat.get("cpu_percent").doubleValue() >= 0);
                assertTrue(beat.get("memory_used_bytes").longValue() > 0);
                assertEquals(1, agent.list().size());
                assertTrue(workThreadAlive(), "the work loop runs beside the heartbeats");
            } finally {
                agent.deactivate();
                assertFalse(workThreadAlive(), "deactivation stops the work loop");
                DockerTestSupport.removeAll(docker, agentId);
                docker.close();
            }
            assertEquals(1, m.count("/goodbye"));
        } finally {
            if (previous == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", previous);
            }
        }
    }
}
