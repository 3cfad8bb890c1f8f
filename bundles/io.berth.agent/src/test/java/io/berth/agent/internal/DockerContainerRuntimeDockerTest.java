package io.berth.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import io.berth.agent.runtime.ContainerInfo;
import io.berth.agent.runtime.ContainerRuntime;
import io.berth.agent.runtime.ContainerRuntimeException;
import io.berth.agent.runtime.ContainerSpec;
import io.berth.spi.resource.ResourceSlots;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The container runtime against the real dockerd and the local image berth-test/busybox:1. */
class DockerContainerRuntimeDockerTest {

    private String agentId;
    private Accelerators accelerators;
    private DockerContainerRuntime runtime;
    private DockerClient docker;

    @BeforeEach
    void setUp() {
        agentId = DockerTestSupport.agentId();
        accelerators = new Accelerators();
        runtime = new DockerContainerRuntime(agentId, DockerTestSupport.DOCKER_HOST, accelerators);
        docker = runtime.docker();
        DockerTestSupport.requireDocker(docker);
    }

    @AfterEach
    void tearDown() {
        try {
            DockerTestSupport.removeAll(docker, agentId);
        } catch (RuntimeException e) {
            // dockerd unreachable: requireDocker has reported it already
        }
        runtime.close();
    }

    private static ContainerSpec spec(String kernel, List<String> command, Map<String, String> resources,
            boolean sudo) {
        return new ContainerSpec(kernel, "sess-" + kernel, DockerTestSupport.IMAGE, command, Map.of("GREETING", "hi"),
                ResourceSlots.fromWire(resources), 0, List.of(), sudo, Map.of("team", "berth"));
    }

    private String logsWhenContains(String kernel, String text) throws InterruptedException {
        DockerTestSupport.await(() -> runtime.logs(kernel, 0).contains(text), Duration.ofSeconds(20),
                "'" + text + "' in the logs of " + kernel);
        return runtime.logs(kernel, 0);
    }

    @Test
    void createsARunningContainerWithLimitsAndLabels() {
        assertTrue(runtime.available());
        ContainerSpec spec = new ContainerSpec("k-limits", "s-1", DockerTestSupport.IMAGE, List.of("sleep", "300"),
                Map.of(), ResourceSlots.fromWire(Map.of("cpu", "0.5", "mem", "67108864")), 32L << 20, List.of(),
                false, Map.of("team", "berth"));
        ContainerInfo info = runtime.create(spec);
        assertEquals("k-limits", info.kernelId());
        assertEquals("running", info.state());
        assertTrue(info.running());
        assertEquals(64L << 20, info.memoryLimitBytes());
        assertEquals(500_000_000L, info.nanoCpus());

        // read back through docker inspect, not through the runtime
        InspectContainerResponse r = docker.inspectContainerCmd(info.containerId()).exec();
        HostConfig host = r.getHostConfig();
        assertEquals(67_108_864L, host.getMemory());
        assertEquals(500_000_000L, host.getNanoCPUs());
        assertEquals(32L << 20, host.getShmSize());
        Map<String, String> labels = r.getConfig().getLabels();
        assertEquals(agentId, labels.get(ContainerRuntime.AGENT_LABEL));
        assertEquals("k-limits", labels.get(ContainerRuntime.KERNEL_LABEL));
        assertEquals("s-1", labels.get(ContainerRuntime.SESSION_LABEL));
        assertEquals("berth", labels.get("team"));
        assertEquals(ResourceSlots.fromWire(Map.of("cpu", "0.5", "mem", "67108864")),
                DockerContainerRuntime.resourcesOf(labels));
        assertEquals(List.of(), DockerContainerRuntime.allocationsOf(labels));
        assertTrue(r.getState().getRunning());
        assertEquals(info.createdAt(), java.time.Instant.parse(r.getCreated()));

        assertEquals(List.of("k-limits"), runtime.list().stream().map(ContainerInfo::kernelId).toList());
        DockerContainerRuntime.Occupancy o = runtime.occupancy();
        assertEquals(1, o.containers());
        assertEquals(ResourceSlots.fromWire(Map.of("cpu", "0.5", "mem", "67108864")), o.occupied());
    }

    @Test
    void withoutSudoRunsAsNonRootWithoutNewPrivilegesAndMinimalCapabilities() throws Exception {
        ContainerInfo info = runtime.create(spec("k-user", List.of("sh", "-c", "echo uid=$(id -u) gid=$(id -g) $GREETING; sleep 300"),
                Map.of("cpu", "0.5", "mem", "67108864"), false));
        String logs = logsWhenContains("k-user", "uid=");
        assertTrue(logs.contains("uid=1000 gid=1000 hi"), logs);
        HostConfig host = docker.inspectContainerCmd(info.containerId()).exec().getHostConfig();
        assertEquals(List.of("no-new-privileges"), host.getSecurityOpts());
        assertEquals(List.of(Capability.ALL), Arrays.asList(host.getCapDrop()));
        assertEquals(Set.copyOf(DockerContainerRuntime.MINIMAL_CAPABILITIES),
                Arrays.stream(host.getCapAdd()).collect(Collectors.toSet()));
        assertEquals("1000:1000", docker.inspectContainerCmd(info.containerId()).exec().getConfig().getUser());
    }

    @Test
    void withSudoRunsAsRootWithDefaultCapabilities() throws Exception {
        ContainerInfo info = runtime.create(spec("k-root", List.of("sh", "-c", "echo uid=$(id -u); sleep 300"),
                Map.of("cpu", "0.5", "mem", "67108864"), true));
        String logs = logsWhenContains("k-root", "uid=");
        assertTrue(logs.contains("uid=0"), logs);
        HostConfig host = docker.inspectContainerCmd(info.containerId()).exec().getHostConfig();
        assertTrue(host.getSecurityOpts() == null || host.getSecurityOpts().isEmpty());
        assertTrue(host.getCapDrop() == null || host.getCapDrop().length == 0);
    }

    @Test
    void logsTailTheLastLines() throws Exception {
        // stdout and stderr are separate pipes, so only lines a second apart have a reliable order
        runtime.create(spec("k-logs", List.of("sh", "-c",
                "echo err >&2; sleep 1; for i in 1 2 3 4 5; do echo line$i; done; sleep 300"),
                Map.of("mem", "67108864"), false));
        logsWhenContains("k-logs", "line5");
        assertEquals("err\nline1\nline2\nline3\nline4\nline5\n", runtime.logs("k-logs", 0));
        assertEquals("line4\nline5\n", runtime.logs("k-logs", 2));
        assertThrows(java.util.NoSuchElementException.class, () -> runtime.logs("no-such-kernel", 10));
    }

    @Test
    void stopThenRemoveAndBothAreIdempotent() {
        runtime.create(spec("k-stop", List.of("sleep", "300"), Map.of("mem", "67108864"), false));
        long t0 = System.nanoTime();
        runtime.stop("k-stop", Duration.ofSeconds(1)); // sleep ignores SIGTERM as PID 1: killed after the grace
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 15_000);
        ContainerInfo stopped = runtime.inspect("k-stop").orElseThrow();
        assertEquals("exited", stopped.state());
        assertFalse(stopped.running());
        assertEquals(0, runtime.occupancy().containers());
        runtime.stop("k-stop", Duration.ofSeconds(1));
        runtime.remove("k-stop");
        assertTrue(runtime.inspect("k-stop").isEmpty());
        runtime.remove("k-stop");
        runtime.stop("never-created", Duration.ZERO);
        assertTrue(runtime.list().isEmpty());
    }

    @Test
    void creatingAnExistingKernelReturnsIt() {
        ContainerInfo first = runtime.create(spec("k-same", List.of("sleep", "300"), Map.of("mem", "67108864"), false));
        ContainerInfo second = runtime.create(spec("k-same", List.of("sleep", "10"), Map.of("mem", "134217728"), true));
        assertEquals(first.containerId(), second.containerId());
        assertEquals(64L << 20, second.memoryLimitBytes());
        assertEquals(1, runtime.list().size());
    }

    @Test
    void reconcileAdoptsRunningContainersAndRemovesExitedAndUnreadableOnes() throws Exception {
        runtime.create(spec("k-keep", List.of("sleep", "300"), Map.of("cpu", "0.5", "mem", "67108864"), false));
        runtime.create(spec("k-done", List.of("true"), Map.of("mem", "67108864"), false));
        DockerTestSupport.await(() -> runtime.inspect("k-done").map(i -> i.state().equals("exited")).orElse(false),
                Duration.ofSeconds(20), "k-done to exit");
        // a container of this agent whose resource label cannot be read
        String broken = docker.createContainerCmd(DockerTestSupport.IMAGE).withCmd("sleep", "300")
                .withLabels(Map.of(ContainerRuntime.AGENT_LABEL, agentId, ContainerRuntime.KERNEL_LABEL, "k-broken",
                        ContainerRuntime.SESSION_LABEL, "s", DockerContainerRuntime.RESOURCES_LABEL, "{not json",
                        DockerContainerRuntime.ALLOCATIONS_LABEL, "{}"))
                .exec().getId();
        docker.startContainerCmd(broken).exec();
        // another agent's container is none of ours
        String otherAgent = DockerTestSupport.agentId();
        DockerContainerRuntime other = new DockerContainerRuntime(otherAgent, DockerTestSupport.DOCKER_HOST, accelerators);
        try {
            other.create(spec("k-other", List.of("true"), Map.of("mem", "67108864"), false));

            // the agent restarts: a new runtime with the same id
            DockerContainerRuntime restarted = new DockerContainerRuntime(agentId, DockerTestSupport.DOCKER_HOST,
                    accelerators);
            DockerContainerRuntime.Reconciled r = restarted.reconcile();
            assertEquals(1, r.adopted());
            assertEquals(2, r.removed());
            assertTrue(restarted.inspect("k-done").isEmpty());
            assertTrue(restarted.inspect("k-broken").isEmpty());
            assertEquals("running", restarted.inspect("k-keep").orElseThrow().state());
            DockerContainerRuntime.Occupancy o = restarted.occupancy();
            assertEquals(1, o.containers());
            assertEquals(ResourceSlots.fromWire(Map.of("cpu", "0.5", "mem", "67108864")), o.occupied());
            assertTrue(other.inspect("k-other").isPresent(), "another agent's containers are left alone");
            restarted.close();
        } finally {
            DockerTestSupport.removeAll(docker, otherAgent);
            other.close();
        }
    }

    @Test
    void reconcileForTheWorkLoopKeepsItsEndedContainersWithTheirExitCodes() throws Exception {
        ContainerSpec managed = new ContainerSpec("k-managed", "s-1", DockerTestSupport.IMAGE,
                List.of("sh", "-c", "echo bye; exit 4"), Map.of(), ResourceSlots.fromWire(Map.of("mem", "67108864")), 0,
                List.of(), false, Map.of(WorkLoop.MANAGED_LABEL, "true"));
        runtime.create(managed);
        runtime.create(spec("k-direct", List.of("true"), Map.of("mem", "67108864"), false));
        DockerTestSupport.await(() -> runtime.list().stream().allMatch(ContainerInfo::ended), Duration.ofSeconds(20),
                "both containers to exit");
        assertEquals(4, runtime.inspect("k-managed").orElseThrow().exitCode());
        assertEquals(0, runtime.inspect("k-direct").orElseThrow().exitCode());

        DockerContainerRuntime.Reconciled r = runtime.reconcile(true);
        assertEquals(1, r.adopted());
        assertEquals(1, r.removed());
        assertTrue(runtime.inspect("k-direct").isEmpty());
        ContainerInfo kept = runtime.inspect("k-managed").orElseThrow();
        assertEquals(4, kept.exitCode());
        assertTrue(runtime.logs("k-managed", 10).contains("bye"));
        assertEquals(0, runtime.occupancy().containers(), "an ended container holds nothing");
    }

    @Test
    void acceleratorDevicesAreAllocatedAgainstRunningContainersAndRebuiltFromLabels() throws Exception {
        accelerators.add("fake", new FakeAccelerator("fake", 2, Map.of()));
        Map<String, String> oneDevice = Map.of("mem", "67108864", FakeAccelerator.SLOT, "1");
        List<String> printDevices = List.of("sh", "-c", "echo devices=$FAKE_VISIBLE_DEVICES; sleep 300");
        ContainerInfo a = runtime.create(spec("k-gpu-a", printDevices, oneDevice, false));
        runtime.create(spec("k-gpu-b", printDevices, oneDevice, false));
        assertTrue(logsWhenContains("k-gpu-a", "devices=").contains("devices=fake0"));
        assertTrue(logsWhenContains("k-gpu-b", "devices=").contains("devices=fake1"));
        assertEquals("{\"fake\":{\"fake0\":{\"fake.device\":\"1\"}}}",
                a.labels().get(DockerContainerRuntime.ALLOCATIONS_LABEL));
        ContainerRuntimeException full = assertThrows(ContainerRuntimeException.class,
                () -> runtime.create(spec("k-gpu-c", printDevices, oneDevice, false)));
        assertTrue(full.getMessage().contains("does not fit"), full.getMessage());
        assertTrue(runtime.inspect("k-gpu-c").isEmpty());
        assertEquals(ResourceSlots.fromWire(Map.of("mem", "134217728", FakeAccelerator.SLOT, "2")),
                runtime.occupancy().occupied());

        // after a restart the allocations come back from the labels: a stopped kernel frees its device
        DockerContainerRuntime restarted = new DockerContainerRuntime(agentId, DockerTestSupport.DOCKER_HOST,
                accelerators);
        restarted.stop("k-gpu-a", Duration.ZERO);
        restarted.create(spec("k-gpu-d", printDevices, oneDevice, false));
        assertTrue(logsWhenContains("k-gpu-d", "devices=").contains("devices=fake0"));
        restarted.close();
    }

    @Test
    void refusesSlotsNoPluginOffersAndMissingImages() {
        ContainerRuntimeException unknown = assertThrows(ContainerRuntimeException.class, () -> runtime.create(
                spec("k-cuda", List.of("true"), Map.of("mem", "67108864", "cuda.device", "1"), false)));
        assertTrue(unknown.getMessage().contains("cuda.device"), unknown.getMessage());
        ContainerRuntimeException image = assertThrows(ContainerRuntimeException.class, () -> runtime.create(
                new ContainerSpec("k-img", "s", "berth-test/does-not-exist:0", List.of(), Map.of(),
                        ResourceSlots.EMPTY, 0, List.of(), false, Map.of())));
        assertTrue(image.getMessage().contains("berth-test/does-not-exist:0"), image.getMessage());
        assertTrue(runtime.list().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new ContainerSpec("k", "s", "i", List.of(), Map.of(),
                ResourceSlots.EMPTY, 0, List.of(), false, Map.of(ContainerRuntime.AGENT_LABEL, "spoof")));
    }

    @Test
    void anUnreachableDockerdIsReportedNotHung() {
        DockerContainerRuntime nowhere = new DockerContainerRuntime(agentId, "unix:///tmp/berth-no-such-docker.sock",
                accelerators);
        long t0 = System.nanoTime();
        assertFalse(nowhere.available());
        ContainerRuntimeException e = assertThrows(ContainerRuntimeException.class, nowhere::list);
        assertTrue(e.getMessage().contains("berth-no-such-docker.sock"), e.getMessage());
        assertThrows(ContainerRuntimeException.class, nowhere::reconcile);
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 10_000);
        nowhere.close();
    }
}
