package io.berth.core.internal;

import static io.berth.core.internal.SessionWorld.GIB;
import static io.berth.core.internal.SessionWorld.MIB;
import static io.berth.core.internal.SessionWorld.T0;
import static io.berth.core.internal.SessionWorld.cpuMem;
import static io.berth.core.internal.SessionWorld.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.ForbiddenException;
import io.berth.core.identity.Domain;
import io.berth.core.identity.Project;
import io.berth.core.image.Image;
import io.berth.core.session.Session;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC I2 (raised to the image's minimum) and I5 (registries a domain or project allows) at session creation. */
class SessionImageRulesTest {
    static final String REG = "cr.example.com";
    static final String REF = REG + "/stable/python:3.12";
    final SessionWorld w = new SessionWorld();

    private void image(String ref) {
        w.f.tx.run(() -> w.f.images.upsert(new Image(ref, REG, "stable", "python", "3.12", "x86_64", "sha256:1", 1,
                "ubuntu22.04", cpuMem(2, GIB), io.berth.spi.resource.ResourceSlots.EMPTY,
                Map.of("ai.backend.kernelspec", "1"), List.of(), List.of(), T0, T0)));
    }

    private void allowInDomain(String registry) {
        w.f.tx.run(() -> {
            Domain d = w.f.domains.find(Domain.DEFAULT).orElseThrow();
            w.f.domains.update(new Domain(d.name(), d.description(), d.active(), d.totalResourceSlots(),
                    d.allowedVfolderHosts(), List.of(registry), d.createdAt(), d.modifiedAt()));
        });
    }

    private void allowInProject(String registry) {
        w.f.tx.run(() -> {
            Project p = w.research;
            w.f.projects.update(new Project(p.id(), p.domainName(), p.name(), p.description(), p.active(), p.type(),
                    p.totalResourceSlots(), p.allowedVfolderHosts(), List.of(registry), p.resourcePolicy(),
                    p.createdAt(), p.modifiedAt()));
        });
    }

    @Test
    void aSessionBelowTheImagesMinimumIsRaisedSlotBySlot() {
        image(REF);
        allowInDomain(REG);
        Session s = w.create(w.alice, in().image(REF).res("cpu", 1, "mem", "4g"));
        assertEquals(cpuMem(2, 4 * GIB), s.slotsPerContainer());
        Session t = w.create(w.alice, in().image(REF).res("cpu", 3, "mem", "256m").cluster(2, "single-node"));
        assertEquals(cpuMem(3, GIB), t.slotsPerContainer());
        assertEquals(cpuMem(6, 2 * GIB), t.requested());
    }

    @Test
    void anImageOfARegistryNeitherDomainNorProjectAllowsIsRefused() {
        image(REF);
        ForbiddenException x = assertThrows(ForbiddenException.class,
                () -> w.create(w.alice, in().image(REF)));
        assertEquals("image", x.field());
        assertTrue(x.getMessage().contains(REG), x.getMessage());
        assertTrue(w.f.sessions.rows().isEmpty());
    }

    @Test
    void eitherTheDomainOrTheProjectMayAllowTheRegistry() {
        image(REF);
        allowInProject(REG);
        assertEquals(cpuMem(2, GIB), w.create(w.alice, in().image(REF)).slotsPerContainer());
        assertThrows(ForbiddenException.class, () -> w.create(w.carl, in().image(REF)));
        allowInDomain(REG);
        w.create(w.bob, in().image(REF));
    }

    @Test
    void imagesOutsideTheCatalogueStayUsable() {
        image(REF);
        Session s = w.create(w.alice, in().image("berth-test/busybox:1").res("cpu", 1, "mem", "256m"));
        assertEquals(cpuMem(1, 256 * MIB), s.slotsPerContainer());
    }
}
