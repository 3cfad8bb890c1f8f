package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.BerthException;
import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.Role;
import io.berth.core.image.ContainerRegistry;
import io.berth.core.image.Image;
import io.berth.core.image.ImageApp;
import io.berth.core.image.ImageQuery;
import io.berth.core.image.ImageUpdate;
import io.berth.core.image.RegistryInput;
import io.berth.core.testing.Fakes;
import io.berth.core.testing.MutableClock;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPEC I1, I3: registry and image rules, roles, sealed passwords, the default registry. */
class ImageServiceImplTest {
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static final Caller ROOT = new Caller("u-root", "root@example.test", Role.SUPERADMIN, "default", "AKROOT");
    static final Caller MON = new Caller("u-mon", "mon@example.test", Role.MONITOR, "default", "AKMON");
    static final Caller ADMIN = new Caller("u-admin", "admin@example.test", Role.ADMIN, "default", "AKADMIN");
    static final Caller USER = new Caller("u-user", "user@example.test", Role.USER, "default", "AKUSER");

    final Fakes f = new Fakes();
    final MutableClock clock = new MutableClock(T0);
    final byte[] raw = RegistryKey.random();
    final ImageServiceImpl svc = new ImageServiceImpl(f.tx, f.registries, f.images, f.pluginData,
            new SlotRegistryImpl(), new RegistryKey(raw), clock);

    @AfterEach
    void stop() {
        svc.stop();
    }

    static RegistryInput reg(String host, String url) {
        return new RegistryInput(host, url, null, null, null, null, null);
    }

    static <X extends BerthException> X refused(Class<X> type, String field, Executable e) {
        X x = assertThrows(type, e::run);
        assertEquals(field, x.field(), x.getMessage());
        return x;
    }

    interface Executable {
        void run() throws Throwable;
    }

    @Test
    void aRegistryIsCreatedWithDefaultsAndItsHostnameInLowerCase() {
        ContainerRegistry r = svc.createRegistry(ROOT, reg("Registry.Example.com:5000", "HTTPS://registry.example.com:5000/"));
        assertEquals("registry.example.com:5000", r.hostname());
        assertEquals("https://registry.example.com:5000", r.url());
        assertEquals("docker", r.type());
        assertTrue(r.sslVerify());
        assertFalse(r.hasPassword());
        assertEquals(List.of(r), svc.listRegistries(ROOT));
        assertEquals(r, svc.getRegistry(MON, "registry.example.com:5000"));
        refused(ConflictException.class, "hostname", () -> svc.createRegistry(ROOT, reg("registry.example.com:5000",
                "http://x")));
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        refused(ValidationException.class, "hostname", () -> svc.createRegistry(ROOT, reg(null, "https://a")));
        refused(ValidationException.class, "hostname", () -> svc.createRegistry(ROOT, reg("bad host", "https://a")));
        refused(ValidationException.class, "hostname", () -> svc.createRegistry(ROOT, reg("a.b:99999", "https://a")));
        refused(ValidationException.class, "url", () -> svc.createRegistry(ROOT, reg("a.b", "registry.example.com")));
        refused(ValidationException.class, "url", () -> svc.createRegistry(ROOT, reg("a.b", "ftp://a.b")));
        refused(ValidationException.class, "url", () -> svc.createRegistry(ROOT, reg("a.b", "https://")));
        refused(ValidationException.class, "url", () -> svc.createRegistry(ROOT, reg("a.b", "https://u:p@a.b")));
        refused(ValidationException.class, "url", () -> svc.createRegistry(ROOT, reg("a.b", "https://a b")));
        refused(ValidationException.class, "type", () -> svc.createRegistry(ROOT,
                new RegistryInput("a.b", "https://a.b", "harbor2", null, null, null, null)));
        refused(ValidationException.class, "project", () -> svc.createRegistry(ROOT,
                new RegistryInput("a.b", "https://a.b", null, "Bad Project", null, null, null)));
        assertTrue(f.registries.rows().isEmpty());
    }

    @Test
    void onlySuperadminsChangeAndOnlySuperadminsAndMonitorsRead() {
        svc.createRegistry(ROOT, reg("a.b", "https://a.b"));
        for (Caller c : List.of(MON, ADMIN, USER)) {
            assertThrows(ForbiddenException.class, () -> svc.createRegistry(c, reg("c.d", "https://c.d")));
            assertThrows(ForbiddenException.class, () -> svc.updateRegistry(c, "a.b", reg(null, "https://x")));
            assertThrows(ForbiddenException.class, () -> svc.deleteRegistry(c, "a.b"));
            assertThrows(ForbiddenException.class, () -> svc.rescan(c, "a.b"));
        }
        for (Caller c : List.of(ADMIN, USER)) {
            assertThrows(ForbiddenException.class, () -> svc.listRegistries(c));
            assertThrows(ForbiddenException.class, () -> svc.getRegistry(c, "a.b"));
            assertThrows(ForbiddenException.class, () -> svc.tasks(c));
        }
        assertEquals(1, svc.listRegistries(MON).size());
        assertThrows(NotFoundException.class, () -> svc.getRegistry(ROOT, "x.y"));
    }

    @Test
    void theHostnameCannotChangeAndNullKeepsFields() {
        svc.createRegistry(ROOT, new RegistryInput("a.b", "https://a.b", null, "stable", "bob", "pw-1", false));
        refused(ValidationException.class, "hostname", () -> svc.updateRegistry(ROOT, "a.b", reg("c.d", null)));
        clock.advance(java.time.Duration.ofSeconds(5));
        ContainerRegistry r = svc.updateRegistry(ROOT, "a.b", reg("A.B", "http://a.b:8080"));
        assertEquals("http://a.b:8080", r.url());
        assertEquals("stable", r.project());
        assertEquals("bob", r.username());
        assertTrue(r.hasPassword());
        assertFalse(r.sslVerify());
        assertEquals(T0, r.createdAt());
        assertEquals(T0.plusSeconds(5), r.modifiedAt());
        r = svc.updateRegistry(ROOT, "a.b", new RegistryInput(null, null, null, "", "", "", true));
        assertNull(r.project());
        assertNull(r.username());
        assertFalse(r.hasPassword());
        assertTrue(r.sslVerify());
        refused(ValidationException.class, "url", () -> svc.updateRegistry(ROOT, "a.b", reg(null, "a.b")));
        assertThrows(NotFoundException.class, () -> svc.updateRegistry(ROOT, "x.y", reg(null, "https://x.y")));
    }

    @Test
    void thePasswordIsSealedAndOnlyTheSameKeyOpensIt() {
        ContainerRegistry r = svc.createRegistry(ROOT,
                new RegistryInput("a.b", "https://a.b", null, null, "bob", "s3cret-pass", null));
        assertTrue(r.hasPassword());
        assertFalse(r.encryptedPassword().contains("s3cret-pass"));
        assertFalse(r.toString().contains("s3cret-pass"));
        ContainerRegistry stored = f.registries.find("a.b").orElseThrow();
        assertEquals("s3cret-pass", new RegistryKey(raw).open("a.b", stored.encryptedPassword()));
        assertThrows(IllegalStateException.class,
                () -> new RegistryKey(RegistryKey.random()).open("a.b", stored.encryptedPassword()));
        assertThrows(IllegalStateException.class, () -> new RegistryKey(raw).open("c.d", stored.encryptedPassword()));
        RegistryKey k = new RegistryKey(raw);
        assertNotEquals(k.seal("a.b", "x"), k.seal("a.b", "x"));
    }

    @Test
    void theKeyFileIsCreatedOwnerOnlyAtFirstUseAndReadAgain(@TempDir Path dir) throws Exception {
        RegistryKey k = new RegistryKey(dir);
        assertFalse(Files.exists(dir.resolve(RegistryKey.FILE)));
        String sealed = k.seal("a.b", "pw");
        Path file = dir.resolve(RegistryKey.FILE);
        assertTrue(Files.exists(file));
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(file));
        }
        assertEquals("pw", new RegistryKey(dir).open("a.b", sealed));
    }

    @Test
    void theDefaultRegistryIsCreatedOnceAndStaysDeleted() {
        assertTrue(svc.ensureDefaultRegistry());
        ContainerRegistry d = svc.getRegistry(ROOT, ContainerRegistry.DEFAULT);
        assertEquals("https://cr.backend.ai", d.url());
        assertFalse(svc.ensureDefaultRegistry());
        svc.deleteRegistry(ROOT, ContainerRegistry.DEFAULT);
        assertFalse(svc.ensureDefaultRegistry());
        assertTrue(svc.listRegistries(ROOT).isEmpty());
    }

    @Test
    void noDefaultRegistryWhenOthersExistAlready() {
        svc.createRegistry(ROOT, reg("a.b", "https://a.b"));
        assertFalse(svc.ensureDefaultRegistry());
        svc.deleteRegistry(ROOT, "a.b");
        assertFalse(svc.ensureDefaultRegistry());
        assertTrue(svc.listRegistries(ROOT).isEmpty());
    }

    private Image image(String registry, String ref) {
        Image i = new Image(ref, registry, "stable", "python", "3.12", "x86_64", "sha256:1", 10, "ubuntu22.04",
                ResourceSlots.of(Map.of("cpu", Amount.of(1))), ResourceSlots.EMPTY,
                Map.of("ai.backend.kernelspec", "1"), List.of(new ImageApp("jupyter", "http", List.of(8080))),
                List.of(), T0, T0);
        f.tx.run(() -> f.images.upsert(i));
        return i;
    }

    @Test
    void deletingARegistryForgetsItsImages() {
        svc.createRegistry(ROOT, reg("a.b", "https://a.b"));
        svc.createRegistry(ROOT, reg("c.d", "https://c.d"));
        image("a.b", "a.b/stable/python:3.12");
        image("c.d", "c.d/stable/python:3.12");
        svc.deleteRegistry(ROOT, "a.b");
        assertEquals(List.of("c.d/stable/python:3.12"), List.copyOf(f.images.rows().keySet()));
        assertThrows(NotFoundException.class, () -> svc.deleteRegistry(ROOT, "a.b"));
    }

    @Test
    void everyoneSignedInListsAndReadsImages() {
        Image a = image("a.b", "a.b/stable/python:3.12");
        image("c.d", "c.d/stable/python:3.12");
        assertEquals(2, svc.list(USER, ImageQuery.ALL, PageRequest.first(10)).total());
        assertEquals(List.of(a), svc.list(USER, new ImageQuery("a.b", null, null), PageRequest.first(10)).items());
        assertEquals(List.of(a), svc.list(USER, new ImageQuery(null, "a.b/", "x86_64"), PageRequest.first(10)).items());
        assertEquals(0, svc.list(USER, new ImageQuery(null, null, "aarch64"), PageRequest.first(10)).total());
        assertEquals(1, svc.list(USER, ImageQuery.ALL, PageRequest.first(1)).items().size());
        assertEquals(a, svc.get(ADMIN, a.reference()));
        assertThrows(NotFoundException.class, () -> svc.get(USER, "a.b/nothing:1"));
    }

    @Test
    void aSuperadminChangesMinimumsAndApps() {
        Image a = image("a.b", "a.b/stable/python:3.12");
        Map<String, Object> min = new LinkedHashMap<>();
        min.put("cpu", 2);
        min.put("mem", "1g");
        Image u = svc.update(ROOT, a.reference(), new ImageUpdate(min,
                List.of(new ImageApp("ssh", "TCP", List.of(2200)), new ImageApp("jupyter", "https", List.of(8888))),
                List.of()));
        assertEquals(ResourceSlots.of(Map.of("cpu", Amount.of(2), "mem", Amount.of(1L << 30))), u.minResources());
        assertEquals(List.of(new ImageApp("ssh", "tcp", List.of(2200)), new ImageApp("jupyter", "https", List.of(8888))),
                u.apps());
        assertEquals("true", u.labels().get(ImageLabels.CUSTOMISED));
        u = svc.update(ROOT, a.reference(), new ImageUpdate(null, null, List.of("ssh")));
        assertEquals(List.of(new ImageApp("jupyter", "https", List.of(8888))), u.apps());
        assertEquals(u, f.images.find(a.reference()).orElseThrow());
    }

    @Test
    void imageChangesAreValidated() {
        Image a = image("a.b", "a.b/stable/python:3.12");
        assertThrows(ForbiddenException.class, () -> svc.update(ADMIN, a.reference(), new ImageUpdate(null, null, null)));
        assertThrows(ForbiddenException.class, () -> svc.forget(MON, a.reference()));
        refused(ValidationException.class, "min_resources.cpu",
                () -> svc.update(ROOT, a.reference(), new ImageUpdate(Map.of("cpu", -1), null, null)));
        refused(ValidationException.class, "min_resources.cpu",
                () -> svc.update(ROOT, a.reference(), new ImageUpdate(Map.of("cpu", "inf"), null, null)));
        refused(ValidationException.class, "min_resources.cpu",
                () -> svc.update(ROOT, a.reference(), new ImageUpdate(Map.of("cpu", Double.NaN), null, null)));
        refused(ValidationException.class, "min_resources.warp",
                () -> svc.update(ROOT, a.reference(), new ImageUpdate(Map.of("warp", 1), null, null)));
        refused(ValidationException.class, "add_apps.protocol", () -> svc.update(ROOT, a.reference(),
                new ImageUpdate(null, List.of(new ImageApp("x", "udp", List.of(1))), null)));
        refused(ValidationException.class, "add_apps.ports", () -> svc.update(ROOT, a.reference(),
                new ImageUpdate(null, List.of(new ImageApp("x", "tcp", List.of(0))), null)));
        refused(ValidationException.class, "add_apps.ports", () -> svc.update(ROOT, a.reference(),
                new ImageUpdate(null, List.of(new ImageApp("x", "tcp", List.of(65536))), null)));
        refused(ValidationException.class, "add_apps.name", () -> svc.update(ROOT, a.reference(),
                new ImageUpdate(null, List.of(new ImageApp("no name", "tcp", List.of(22))), null)));
        refused(ValidationException.class, "remove_apps",
                () -> svc.update(ROOT, a.reference(), new ImageUpdate(null, null, List.of("nothing"))));
        assertThrows(NotFoundException.class, () -> svc.update(ROOT, "a.b/x:1", new ImageUpdate(null, null, null)));
        assertEquals(a, f.images.find(a.reference()).orElseThrow());
    }

    @Test
    void aSuperadminForgetsAnImage() {
        Image a = image("a.b", "a.b/stable/python:3.12");
        svc.forget(ROOT, a.reference());
        assertTrue(f.images.rows().isEmpty());
        assertThrows(NotFoundException.class, () -> svc.forget(ROOT, a.reference()));
    }
}
