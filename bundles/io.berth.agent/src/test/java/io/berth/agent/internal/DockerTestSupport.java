package io.berth.agent.internal;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.berth.agent.runtime.ContainerRuntime;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * For the tests that need the real dockerd (their class names contain "Docker"): they fail loudly,
 * never skip, when dockerd or the local test image is missing; {@code .ci/run} provides both.
 */
final class DockerTestSupport {
    static final String DOCKER_HOST = System.getProperty("berth.test.docker.host",
            System.getenv().getOrDefault("BERTH_TEST_DOCKER_HOST", "unix:///var/run/docker.sock"));
    static final String IMAGE = "berth-test/busybox:1";

    private DockerTestSupport() {
    }

    /** A fresh agent id, so that parallel or leftover runs never see each other's containers. */
    static String agentId() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Fails (does not skip) when dockerd does not answer or the test image is missing. */
    static void requireDocker(DockerClient docker) {
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            fail("dockerd is not reachable at " + DOCKER_HOST + " (" + e + "). The tests whose names contain"
                    + " 'Docker' need a running dockerd: run .ci/run, or start dockerd and build the test image"
                    + " as .ci/run does", e);
        }
        try {
            docker.inspectImageCmd(IMAGE).exec();
        } catch (NotFoundException e) {
            fail("the test image " + IMAGE + " is missing; .ci/run builds it from busybox-static (docker import)");
        }
    }

    static final String OPEN_REGISTRY = "127.0.0.1:5000";
    static final String PRIVATE_REGISTRY = "127.0.0.1:5001";
    static final String REGISTRY_USER = "berth";
    static final String REGISTRY_PASSWORD = "berth-registry-pass";
    static final String OPEN_IMAGE = OPEN_REGISTRY + "/berth/python:3.11";
    static final String PRIVATE_IMAGE = PRIVATE_REGISTRY + "/private/tool:2";

    /**
     * Fails (does not skip) when the local registries of {@code .ci/run} do not answer: the open one on
     * {@value #OPEN_REGISTRY}, the one with basic authentication on {@value #PRIVATE_REGISTRY}.
     */
    static void requireRegistries() {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(3)).build();
        for (String registry : new String[] {OPEN_REGISTRY, PRIVATE_REGISTRY}) {
            int status;
            try {
                status = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + registry
                        + "/v2/")).timeout(Duration.ofSeconds(5)).GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.io.IOException e) {
                status = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            if (status != 200 && status != 401) {
                fail("the local test registry " + registry + " does not answer (" + (status < 0 ? "unreachable"
                        : "HTTP " + status) + "); run .ci/run, which starts the registries and pushes the test images");
            }
        }
    }

    /** Removes every container labelled with {@code agentId}. */
    static void removeAll(DockerClient docker, String agentId) {
        for (Container c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ContainerRuntime.AGENT_LABEL, agentId)).exec()) {
            try {
                docker.removeContainerCmd(c.getId()).withForce(true).exec();
            } catch (NotFoundException e) {
                // gone
            }
        }
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** A work loop of the agent against the fake manager and the real runtime, with short test timings. */
    static WorkLoop workLoop(String agentId, FakeWorkManager manager, DockerContainerRuntime runtime) {
        return new WorkLoop(agentId, new ManagerClient(manager.url(), java.time.Duration.ofSeconds(5)),
                () -> java.util.Optional.of("docker-token"), "the test token", runtime,
                c -> runtime.cpuUsageNanos(c.containerId()), () -> true,
                new WorkLoop.Timing(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(30),
                        java.time.Duration.ofSeconds(1)),
                new Backoff(java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(1)));
    }

    /** Stops what {@link #workLoop} set up and removes the agent's containers; any argument may be null. */
    static void stop(WorkLoop loop, FakeWorkManager manager, DockerContainerRuntime runtime, DockerClient docker,
            String agentId) {
        if (loop != null) {
            loop.stop();
        }
        if (manager != null) {
            manager.close();
        }
        try {
            if (docker != null) {
                removeAll(docker, agentId);
            }
        } catch (RuntimeException e) {
            // dockerd unreachable: requireDocker has reported it already
        }
        if (runtime != null) {
            runtime.close();
        }
    }
}
