package io.berth.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.berth.agent.runtime.ContainerRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The work loop on its thread against a fake manager and the real dockerd with the local image
 * berth-test/busybox:1: a batch kernel runs to its exit code, a long-running one is destroyed.
 */
class WorkLoopDockerTest {
    private String agentId;
    private DockerContainerRuntime runtime;
    private DockerClient docker;
    private FakeWorkManager manager;
    private WorkLoop loop;

    @BeforeEach
    void setUp() throws Exception {
        agentId = DockerTestSupport.agentId();
        runtime = new DockerContainerRuntime(agentId, DockerTestSupport.DOCKER_HOST, new Accelerators());
        docker = runtime.docker();
        DockerTestSupport.requireDocker(docker);
        manager = new FakeWorkManager();
        loop = DockerTestSupport.workLoop(agentId, manager, runtime);
    }

    @AfterEach
    void tearDown() {
        DockerTestSupport.stop(loop, manager, runtime, docker, agentId);
    }

    private List<Container> containersOf(String kernel) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerRuntime.AGENT_LABEL, agentId, ContainerRuntime.KERNEL_LABEL, kernel))
                .exec();
    }

    @Test
    void aBatchKernelRunsToItsExitCodeAndALongOneIsDestroyed() throws Exception {
        manager.orders(FakeWorkManager.run("k-batch", DockerTestSupport.IMAGE, "echo hello; exit 3", true));
        loop.start();

        DockerTestSupport.await(() -> manager.statesOf("k-batch").contains("exited"), Duration.ofSeconds(30),
                "k-batch reported exited");
        List<String> states = manager.statesOf("k-batch");
        assertEquals("preparing", states.get(0));
        assertEquals("exited", states.get(states.size() - 1));
        assertTrue(states.equals(List.of("preparing", "running", "exited"))
                || states.equals(List.of("preparing", "exited")), states.toString());
        JsonNode exited = manager.reportsOf("k-batch").get(states.size() - 1);
        assertEquals(3, exited.path("exit_code").intValue());
        assertTrue(exited.path("log_tail").textValue().contains("hello"), exited.toString());
        assertFalse(exited.path("container_id").textValue().isEmpty());
        DockerTestSupport.await(() -> containersOf("k-batch").isEmpty(), Duration.ofSeconds(10),
                "the ended container removed");

        // a long-running kernel next to the exited one (still ordered: it must not run again)
        manager.orders(FakeWorkManager.run("k-batch", DockerTestSupport.IMAGE, "echo hello; exit 3", true),
                FakeWorkManager.run("k-sleep", DockerTestSupport.IMAGE, "sleep 300", false));
        DockerTestSupport.await(() -> manager.statesOf("k-sleep").contains("running"), Duration.ofSeconds(30),
                "k-sleep reported running");
        List<Container> sleeping = containersOf("k-sleep");
        assertEquals(1, sleeping.size());
        assertEquals("running", sleeping.get(0).getState());
        assertEquals("true", sleeping.get(0).getLabels().get(WorkLoop.MANAGED_LABEL));
        assertEquals("sess-k-sleep", sleeping.get(0).getLabels().get(ContainerRuntime.SESSION_LABEL));
        OptionalLong cpu = runtime.cpuUsageNanos(sleeping.get(0).getId());
        assertTrue(cpu.isPresent() && cpu.getAsLong() > 0, "the CPU time of a running container can be read");

        manager.orders(FakeWorkManager.run("k-batch", DockerTestSupport.IMAGE, "echo hello; exit 3", true),
                FakeWorkManager.destroy("k-sleep"));
        DockerTestSupport.await(() -> manager.statesOf("k-sleep").contains("destroyed"), Duration.ofSeconds(30),
                "k-sleep reported destroyed");
        assertEquals(List.of("preparing", "running", "destroyed"), manager.statesOf("k-sleep"));
        JsonNode destroyed = manager.reportsOf("k-sleep").get(2);
        assertEquals(sleeping.get(0).getId(), destroyed.path("container_id").textValue());
        assertEquals(137, destroyed.path("exit_code").intValue(), "sleep ignores SIGTERM as pid 1: killed");
        assertTrue(containersOf("k-sleep").isEmpty(), "the destroyed container is gone");
        assertEquals(1, manager.statesOf("k-batch").stream().filter("preparing"::equals).count(),
                "the exited batch kernel was not run again");
        assertTrue(containersOf("k-batch").isEmpty());
    }
}
