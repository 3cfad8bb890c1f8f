package io.berth.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.berth.agent.runtime.ContainerRuntimeException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Image auto-install against the real dockerd and the local registries of {@code .ci/run}: a missing
 * image of the registry with basic authentication is pulled with the order's credentials and runs; a
 * wrong password fails the kernel without showing the password; the local images include the open
 * registry's test image.
 */
class ImagePullDockerTest {
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
        DockerTestSupport.requireRegistries();
        manager = new FakeWorkManager();
        loop = DockerTestSupport.workLoop(agentId, manager, runtime);
    }

    @AfterEach
    void tearDown() {
        DockerTestSupport.stop(loop, manager, runtime, docker, agentId);
    }

    private void removeLocalCopy(String reference) {
        try {
            docker.removeImageCmd(reference).withForce(true).exec();
        } catch (NotFoundException e) {
            // not here
        }
        assertTrue(runtime.image(reference).isEmpty(), reference + " removed");
    }

    private static ObjectNode order(String kernel, String password) {
        ObjectNode o = FakeWorkManager.run(kernel, DockerTestSupport.PRIVATE_IMAGE, "sleep 300", false);
        o.put("pull", "tag");
        o.putNull("image_digest");
        o.putObject("registry_auth").put("username", DockerTestSupport.REGISTRY_USER).put("password", password);
        return o;
    }

    @Test
    void aMissingPrivateImageIsPulledWithTheCredentialsAndAWrongPasswordFailsWithoutShowingIt() throws Exception {
        String wrong = "not-" + DockerTestSupport.REGISTRY_PASSWORD + "-x9";
        removeLocalCopy(DockerTestSupport.PRIVATE_IMAGE);
        manager.orders(order("k-wrong", wrong));
        loop.start();
        DockerTestSupport.await(() -> manager.statesOf("k-wrong").contains("failed"), Duration.ofSeconds(60),
                "k-wrong reported failed");
        assertEquals(List.of("preparing", "failed"), manager.statesOf("k-wrong"));
        String reason = manager.reportsOf("k-wrong").get(1).path("reason").textValue();
        assertTrue(reason.startsWith("pull of " + DockerTestSupport.PRIVATE_IMAGE + " failed: "), reason);
        assertFalse(reason.contains(wrong), reason);
        assertFalse(manager.reports.toString().contains(wrong), "no report holds the password");
        assertTrue(runtime.image(DockerTestSupport.PRIVATE_IMAGE).isEmpty(), "nothing was pulled");

        manager.orders(order("k-wrong", wrong), order("k-right", DockerTestSupport.REGISTRY_PASSWORD));
        DockerTestSupport.await(() -> manager.statesOf("k-right").contains("running")
                || manager.statesOf("k-right").contains("failed"), Duration.ofSeconds(120), "k-right started");
        assertEquals(List.of("preparing", "running"), manager.statesOf("k-right"),
                manager.reportsOf("k-right").toString());
        assertTrue(runtime.image(DockerTestSupport.PRIVATE_IMAGE).isPresent(), "the image was pulled");
        assertTrue(runtime.localImages().contains(DockerTestSupport.PRIVATE_IMAGE),
                "the local images are refreshed after a pull");
        assertEquals("running", runtime.inspect("k-right").orElseThrow().state());
        assertEquals(1, manager.statesOf("k-wrong").stream().filter("preparing"::equals).count(),
                "the failed kernel was not tried again");
    }

    @Test
    void pullNoneNeverPullsAMissingImage() throws Exception {
        removeLocalCopy(DockerTestSupport.PRIVATE_IMAGE);
        ObjectNode o = order("k-none", DockerTestSupport.REGISTRY_PASSWORD);
        o.put("pull", "none");
        manager.orders(o);
        loop.start();
        DockerTestSupport.await(() -> manager.statesOf("k-none").contains("failed"), Duration.ofSeconds(30),
                "k-none reported failed");
        JsonNode failed = manager.reportsOf("k-none").get(1);
        assertEquals("image " + DockerTestSupport.PRIVATE_IMAGE
                + " is not on this agent and the auto-install rule is none", failed.path("reason").textValue());
        assertTrue(runtime.image(DockerTestSupport.PRIVATE_IMAGE).isEmpty(), "nothing was pulled");
    }

    @Test
    void localImagesHoldTagsAndDigestsAndAFailedPullHidesThePassword() {
        runtime.pull(DockerTestSupport.OPEN_IMAGE, null, null); // anonymous, from the open registry
        List<String> images = runtime.localImages();
        assertTrue(images.contains(DockerTestSupport.OPEN_IMAGE), images.toString());
        assertTrue(images.stream().anyMatch(i -> i.startsWith(DockerTestSupport.OPEN_REGISTRY + "/berth/python@sha256:")),
                images.toString());
        assertTrue(images.stream().noneMatch(i -> i.contains("<none>")), images.toString());
        assertTrue(runtime.image(DockerTestSupport.OPEN_IMAGE).orElseThrow().digests().stream()
                .anyMatch(d -> d.contains("@sha256:")));

        String wrong = "wrong-" + DockerTestSupport.REGISTRY_PASSWORD;
        ContainerRuntimeException e = assertThrows(ContainerRuntimeException.class,
                () -> runtime.pull(DockerTestSupport.PRIVATE_REGISTRY + "/private/absent:1", "berth", wrong));
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
    }
}
