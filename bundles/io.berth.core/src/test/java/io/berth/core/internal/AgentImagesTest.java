package io.berth.core.internal;

import static io.berth.core.internal.World.AGENT_TOKEN;
import static io.berth.core.internal.World.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.core.agent.AgentReport;
import io.berth.core.error.ValidationException;
import io.berth.core.image.Image;
import io.berth.core.testing.FakeUnitOfWork.Write;
import io.berth.spi.resource.ResourceSlots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Agents' local images become the catalogue images' {@code installedOn}. */
class AgentImagesTest {
    static final String PY = "cr.example.com/stable/python:3.12";
    static final String PY_BY_DIGEST = "cr.example.com/stable/python@sha256:aaa";
    static final String TORCH = "cr.example.com/torch:2.3";
    static final String TORCH_BY_DIGEST = "cr.example.com/torch@sha256:bbb";
    static final String OTHER = "cr.example.com/stable/other:1";
    private final World w = new World();
    private final AgentServiceImpl svc = w.agents;

    AgentImagesTest() {
        w.f.tx.run(() -> {
            w.f.images.upsert(image(PY, "stable", "python", "3.12", "sha256:aaa"));
            w.f.images.upsert(image(TORCH, "", "torch", "2.3", "sha256:bbb"));
            w.f.images.upsert(image(OTHER, "stable", "other", "1", "sha256:ccc"));
        });
        w.f.tx.clearWrites();
    }

    static Image image(String ref, String ns, String name, String tag, String digest) {
        return new Image(ref, "cr.example.com", ns, name, tag, "x86_64", digest, 1, "ubuntu22.04",
                ResourceSlots.EMPTY, ResourceSlots.EMPTY, Map.of(), List.of(), List.of(), T0, T0);
    }

    static AgentReport report(String id, List<String> images) {
        AgentReport r = AgentServiceImplTest.report(id);
        return new AgentReport(r.id(), r.region(), r.architecture(), r.version(), r.address(), r.resourceGroup(),
                r.availableSlots(), r.occupiedSlots(), r.cpuPercent(), r.memoryUsedBytes(), r.containerCount(),
                r.devices(), images);
    }

    private List<String> installedOn(String ref) {
        return w.f.images.find(ref).orElseThrow().installedOn();
    }

    private List<String> imageWrites() {
        return w.f.tx.writes().stream().filter(x -> x.table().equals("images")).map(Write::key).toList();
    }

    @Test
    void anImageIsInstalledWhenTheAgentHasItsReferenceOrItsDigest() {
        svc.register(AGENT_TOKEN, report("a1", List.of(PY, TORCH_BY_DIGEST, "busybox:latest")));
        assertEquals(List.of("a1"), installedOn(PY));
        assertEquals(List.of("a1"), installedOn(TORCH));
        assertEquals(List.of(), installedOn(OTHER));
        svc.register(AGENT_TOKEN, report("a2", List.of(PY_BY_DIGEST)));
        assertEquals(List.of("a1", "a2"), installedOn(PY));
        assertEquals(List.of("a1"), installedOn(TORCH));
    }

    @Test
    void aHeartbeatWithOtherImagesAddsAndRemovesTheAgentWritingOnlyWhatChanged() {
        svc.register(AGENT_TOKEN, report("a1", List.of(PY, TORCH)));
        svc.register(AGENT_TOKEN, report("a2", List.of(PY)));
        w.f.tx.clearWrites();
        w.clock.advance(Duration.ofSeconds(5));
        svc.heartbeat(AGENT_TOKEN, report("a1", List.of(PY, OTHER)));
        assertEquals(List.of("a1", "a2"), installedOn(PY), "unchanged");
        assertEquals(List.of(), installedOn(TORCH));
        assertEquals(List.of("a1"), installedOn(OTHER));
        assertEquals(List.of(OTHER, TORCH), imageWrites().stream().sorted().toList());
    }

    @Test
    void aHeartbeatWithTheSameImagesInAnotherOrderIsOneReadAndOneWrite() {
        svc.register(AGENT_TOKEN, report("a1", List.of(PY, TORCH)));
        int agentReads = w.f.agents.reads();
        int commits = w.f.tx.commits();
        w.f.tx.clearWrites();
        w.clock.advance(Duration.ofSeconds(5));
        svc.heartbeat(AGENT_TOKEN, report("a1", List.of(TORCH, PY)));
        assertEquals(1, w.f.agents.reads() - agentReads);
        assertEquals(1, w.f.tx.commits() - commits);
        assertEquals(List.of(new Write(w.f.tx.writes().get(0).tx(), "agents", "update", "a1")), w.f.tx.writes());
    }

    @Test
    void anImageARescanAddsLaterShowsWhereItIsWithinTheResyncPeriod() {
        String late = "cr.example.com/stable/late:1";
        svc.register(AGENT_TOKEN, report("a1", List.of(PY, late)));
        w.f.tx.run(() -> w.f.images.upsert(image(late, "stable", "late", "1", "sha256:ddd")));
        w.clock.advance(Duration.ofSeconds(5));
        svc.heartbeat(AGENT_TOKEN, report("a1", List.of(PY, late)));
        assertEquals(List.of(), installedOn(late), "the same list: not synced again at once");
        w.clock.advance(AgentServiceImpl.IMAGE_RESYNC);
        svc.heartbeat(AGENT_TOKEN, report("a1", List.of(PY, late)));
        assertEquals(List.of("a1"), installedOn(late));
    }

    @Test
    void imagesTheCatalogueAlreadyAgreesWithAreNotWritten() {
        svc.register(AGENT_TOKEN, report("a1", List.of(PY)));
        w.f.tx.clearWrites();
        svc.heartbeat(AGENT_TOKEN, report("a1", List.of(PY, "busybox:latest")));
        assertEquals(List.of(), imageWrites());
        assertEquals(List.of("a1"), installedOn(PY));
    }

    @Test
    void goodbyeAndLostLeaveInstalledOnAlone() {
        svc.register(AGENT_TOKEN, report("a1", List.of(PY)));
        svc.goodbye(AGENT_TOKEN, "a1");
        assertEquals(List.of("a1"), installedOn(PY));
        svc.register(AGENT_TOKEN, report("a2", List.of(PY)));
        w.clock.advance(Duration.ofSeconds(60));
        svc.markLost();
        assertEquals(List.of("a1", "a2"), installedOn(PY));
    }

    @Test
    void theListOfImagesIsBounded() {
        List<String> many = new ArrayList<>(Collections.nCopies(AgentServiceImpl.MAX_IMAGES + 1, PY));
        ValidationException e = assertThrows(ValidationException.class,
                () -> svc.register(AGENT_TOKEN, report("a1", many)));
        assertEquals("images", e.field());
        assertThrows(ValidationException.class, () -> svc.register(AGENT_TOKEN,
                report("a1", List.of("x".repeat(AgentServiceImpl.MAX_IMAGE_REFERENCE + 1)))));
        assertThrows(ValidationException.class, () -> svc.register(AGENT_TOKEN, report("a1", List.of(""))));
        svc.register(AGENT_TOKEN, report("a1", List.of("x".repeat(AgentServiceImpl.MAX_IMAGE_REFERENCE))));
    }

    @Test
    void theHashIgnoresOrderButNotContent() {
        assertEquals(AgentServiceImpl.imagesHash(List.of(PY, TORCH)), AgentServiceImpl.imagesHash(List.of(TORCH, PY)));
        assertEquals(false, AgentServiceImpl.imagesHash(List.of(PY)) == AgentServiceImpl.imagesHash(List.of(TORCH)));
        assertEquals(false, AgentServiceImpl.imagesHash(List.of()) == AgentServiceImpl.imagesHash(List.of("")));
    }
}
