package io.berth.core.internal;

import static io.berth.core.internal.SessionWorld.GIB;
import static io.berth.core.internal.SessionWorld.T0;
import static io.berth.core.internal.SessionWorld.cpuMem;
import static io.berth.core.internal.SessionWorld.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.berth.core.agent.KernelOrder;
import io.berth.core.identity.Domain;
import io.berth.core.image.ContainerRegistry;
import io.berth.core.image.Image;
import io.berth.core.session.Session;
import io.berth.core.settings.SettingsUpdate;
import io.berth.spi.resource.ResourceSlots;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RUN orders carry the auto-install rule, and for catalogue images the digest and the registry's credentials. */
class SessionImagePullTest {
    static final String OPEN = "open.example.com";
    static final String PRIVATE = "private.example.com";
    static final String OPEN_REF = OPEN + "/stable/python:3.12";
    static final String PRIVATE_REF = PRIVATE + "/team/torch:2.3";
    final SessionWorld w = new SessionWorld();

    SessionImagePullTest() {
        w.agent("a1", cpuMem(8, 32 * GIB));
        w.f.tx.run(() -> {
            w.f.registries.insert(new ContainerRegistry(OPEN, "https://" + OPEN, "docker", null, null, null, true,
                    T0, T0));
            w.f.registries.insert(new ContainerRegistry(PRIVATE, "https://" + PRIVATE, "docker", null, "robot",
                    w.registryKey.seal(PRIVATE, "pa55-word"), true, T0, T0));
            w.f.images.upsert(image(OPEN_REF, OPEN, "stable", "python", "3.12", "sha256:aaa"));
            w.f.images.upsert(image(PRIVATE_REF, PRIVATE, "team", "torch", "2.3", "sha256:bbb"));
            Domain d = w.f.domains.find(Domain.DEFAULT).orElseThrow();
            w.f.domains.update(new Domain(d.name(), d.description(), d.active(), d.totalResourceSlots(),
                    d.allowedVfolderHosts(), List.of(OPEN, PRIVATE), d.createdAt(), d.modifiedAt()));
        });
    }

    static Image image(String ref, String reg, String ns, String name, String tag, String digest) {
        return new Image(ref, reg, ns, name, tag, "x86_64", digest, 1, "ubuntu22.04", ResourceSlots.EMPTY,
                ResourceSlots.EMPTY, Map.of(), List.of(), List.of(), T0, T0);
    }

    private KernelOrder runOrder(String image) {
        Session s = w.create(w.alice, in().image(image).res("cpu", 1, "mem", "1g"));
        w.dispatch();
        return w.orders("a1").stream().filter(o -> o.sessionId().equals(s.id())).findFirst().orElseThrow();
    }

    @Test
    void aCatalogueImageOfAnOpenRegistryCarriesItsDigestWithoutCredentials() {
        KernelOrder o = runOrder(OPEN_REF);
        assertEquals(KernelOrder.Action.RUN, o.action());
        assertEquals(KernelOrder.PULL_DIGEST, o.pull(), "the default rule");
        assertEquals("sha256:aaa", o.imageDigest());
        assertNull(o.registryUsername());
        assertNull(o.registryPassword());
    }

    @Test
    void aCatalogueImageOfARegistryWithAUsernameCarriesTheOpenedPassword() {
        KernelOrder o = runOrder(PRIVATE_REF);
        assertEquals("sha256:bbb", o.imageDigest());
        assertEquals("robot", o.registryUsername());
        assertEquals("pa55-word", o.registryPassword());
        assertFalse(o.toString().contains("pa55-word"), o.toString());
    }

    @Test
    void anImageOutsideTheCatalogueHasNeitherDigestNorCredentials() {
        KernelOrder o = runOrder("berth-test/busybox:1");
        assertEquals(KernelOrder.PULL_DIGEST, o.pull());
        assertNull(o.imageDigest());
        assertNull(o.registryUsername());
        assertNull(o.registryPassword());
    }

    @Test
    void thePullRuleFollowsTheSettings() {
        w.settings.update(w.root, new SettingsUpdate("TAG", null, null, null));
        assertEquals(KernelOrder.PULL_TAG, runOrder(OPEN_REF).pull());
        w.settings.update(w.root, new SettingsUpdate("NONE", null, null, null));
        assertEquals(KernelOrder.PULL_NONE, runOrder(PRIVATE_REF).pull());
        assertEquals(List.of(KernelOrder.PULL_NONE, KernelOrder.PULL_NONE),
                w.orders("a1").stream().map(KernelOrder::pull).toList(), "every RUN order has the rule in force");
    }

    @Test
    void anUnreadablePasswordLeavesTheUsernameAndNoPassword() {
        w.f.tx.run(() -> w.f.registries.update(new ContainerRegistry(PRIVATE, "https://" + PRIVATE, "docker", null,
                "robot", new RegistryKey(RegistryKey.random()).seal(PRIVATE, "other"), true, T0, T0)));
        KernelOrder o = runOrder(PRIVATE_REF);
        assertEquals("robot", o.registryUsername());
        assertNull(o.registryPassword());
    }
}
