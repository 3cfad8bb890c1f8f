package io.berth.persistence.jpa.internal;

import static io.berth.persistence.jpa.internal.TestDb.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.ConflictException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.image.ContainerRegistry;
import io.berth.core.image.Image;
import io.berth.core.image.ImageApp;
import io.berth.core.image.ImageQuery;
import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Container registries and images on Derby: round trips, upserts, lists and the cascade of a registry delete. */
class ImageRepositoryTest {
    private TestDb db;
    private JpaRepositories r;

    @BeforeEach
    void open() {
        db = TestDb.memory();
        r = db.open(Map.of("eclipselink.logging.level", "SEVERE"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    static ContainerRegistry registry(String hostname, Instant created) {
        return new ContainerRegistry(hostname, "https://" + hostname, ContainerRegistry.DOCKER, null, null, null, true,
                created, created.plusSeconds(1));
    }

    static Image image(String registry, String namespace, String name, String tag, String architecture,
            Instant scanned) {
        return new Image(Image.reference(registry, namespace, name, tag), registry, namespace, name, tag,
                architecture, "sha256:" + "0".repeat(64), 1_234_567_890L, "ubuntu22.04",
                TestDb.slots("cpu", "1", "mem", "1073741824"), ResourceSlots.EMPTY,
                Map.of("ai.backend.kernelspec", "1"), List.of(new ImageApp("jupyter", "http", List.of(8080))),
                List.of(), scanned, scanned.plusSeconds(1));
    }

    private Image full(String registry, String reference) {
        Map<String, String> labels = new HashMap<>();
        labels.put("ai.backend.kernelspec", "1");
        labels.put("ai.backend.resource.min.cpu", "2");
        labels.put("ai.backend.service-ports", "jupyter:http:8080,ssh:tcp:2200,2201");
        labels.put("empty", "");
        labels.put("big", "x".repeat(20_000));
        return new Image(reference, registry, "team/ml", "pytorch", "2.3-cuda12", "aarch64",
                "sha256:" + "ab".repeat(32), 9_876_543_210L, null,
                TestDb.slots("cpu", "2", "mem", "4294967296", "cuda.shares", "0.5"),
                TestDb.slots("cpu", "Infinity"), labels,
                List.of(new ImageApp("jupyter", "http", List.of(8080)), new ImageApp("ssh", "tcp", List.of(2200, 2201)),
                        new ImageApp("ttyd", "pty", List.of())),
                List.of("i-1", "i-2"), T0, T0.plusSeconds(7));
    }

    @Test
    void registryRoundTripUpdateListAndDelete() {
        ContainerRegistry plain = registry("cr.example.org", T0);
        ContainerRegistry full = new ContainerRegistry("registry.local:5000", "http://registry.local:5000", "docker",
                "stable", "admin", "sealed:" + "q".repeat(4000), false, T0, T0.plusSeconds(3));
        r.registries().insert(plain);
        r.registries().insert(full);
        assertEquals(Optional.of(plain), r.registries().find("cr.example.org"));
        assertEquals(Optional.of(full), r.registries().find("registry.local:5000"));
        assertEquals(Optional.empty(), r.registries().find("nope"));
        assertEquals(Optional.empty(), r.registries().find(null));
        assertEquals(List.of(plain, full), r.registries().list());

        ContainerRegistry cleared = new ContainerRegistry("registry.local:5000", "https://registry.local", "docker",
                null, null, null, true, T0, T0.plusSeconds(9));
        r.registries().update(cleared);
        assertEquals(Optional.of(cleared), r.registries().find("registry.local:5000"));
        NotFoundException missing = assertThrows(NotFoundException.class,
                () -> r.registries().update(registry("ghost", T0)));
        assertTrue(missing.getMessage().contains("ghost"), missing.getMessage());

        ConflictException dup = assertThrows(ConflictException.class, () -> r.registries().insert(plain));
        assertEquals("hostname", dup.field());
        assertEquals("hostname", assertThrows(ConflictException.class,
                () -> db.repos().unitOfWork().run(() -> r.registries().insert(plain))).field(), "in a unit of work");

        assertEquals("url", assertThrows(ValidationException.class, () -> r.registries().insert(
                new ContainerRegistry("long", "https://" + "u".repeat(2048), "docker", null, null, null, true, T0,
                        T0))).field());
        assertEquals("hostname", assertThrows(ValidationException.class,
                () -> r.registries().insert(registry("h".repeat(256), T0))).field());
        assertEquals("password", assertThrows(ValidationException.class, () -> r.registries().insert(
                new ContainerRegistry("long", "https://long", "docker", null, "u", "p".repeat(4097), true, T0,
                        T0))).field());

        r.registries().delete("cr.example.org");
        r.registries().delete("cr.example.org");
        r.registries().delete(null);
        assertEquals(List.of(cleared), r.registries().list());
    }

    @Test
    void imageRoundTripWithEveryField() {
        r.registries().insert(registry("cr.example.org", T0));
        String longest = "cr.example.org/team/" + "p".repeat(1024 - "cr.example.org/team/:t".length()) + ":t";
        assertEquals(JpaImageRepository.MAX_REFERENCE, longest.length());
        Image full = full("cr.example.org", "cr.example.org/team/ml/pytorch:2.3-cuda12");
        Image atTheLimit = full("cr.example.org", longest);
        Image noNamespace = image("cr.example.org", null, "python", "3.12", "x86_64", T0);
        Image emptyNamespace = image("cr.example.org", "", "python", "3.11", "x86_64", T0);
        for (Image i : List.of(full, atTheLimit, noNamespace, emptyNamespace)) {
            r.images().upsert(i);
        }
        assertEquals(Optional.of(full), r.images().find(full.reference()));
        assertEquals(Optional.of(atTheLimit), r.images().find(longest));
        assertEquals(Optional.of(noNamespace), r.images().find("cr.example.org/python:3.12"));
        assertEquals(Optional.of(emptyNamespace), r.images().find("cr.example.org/python:3.11"));
        assertEquals(Optional.empty(), r.images().find("cr.example.org/python:9"));
        assertEquals(Optional.empty(), r.images().find(null));

        ValidationException tooLong = assertThrows(ValidationException.class,
                () -> r.images().upsert(full("cr.example.org", longest + "x")));
        assertEquals("reference", tooLong.field());
        ValidationException noRegistry = assertThrows(ValidationException.class,
                () -> r.images().upsert(image("ghost.example.org", "", "python", "3.12", "x86_64", T0)));
        assertEquals("registry", noRegistry.field());
        Map<String, String> huge = Map.of("big", "x".repeat(Columns.MAX_LIST_CHARS));
        Image hugeLabels = new Image("cr.example.org/huge:1", "cr.example.org", "", "huge", "1", "x86_64", null, 0,
                null, ResourceSlots.EMPTY, ResourceSlots.EMPTY, huge, List.of(), List.of(), T0, T0);
        assertEquals("labels", assertThrows(ValidationException.class, () -> r.images().upsert(hugeLabels)).field());
    }

    @Test
    void upsertReplacesEveryColumnAndDeleteIsANoOpWhenMissing() {
        r.registries().insert(registry("cr.example.org", T0));
        Image first = image("cr.example.org", "stable", "python", "3.12", "x86_64", T0);
        r.images().upsert(first);
        Image replaced = full("cr.example.org", first.reference());
        r.images().upsert(replaced);
        assertEquals(Optional.of(replaced), r.images().find(first.reference()));
        Image back = image("cr.example.org", "stable", "python", "3.12", "x86_64", T0.plusSeconds(60));
        db.repos().unitOfWork().run(() -> {
            r.images().upsert(back);
            assertEquals(Optional.of(back), r.images().find(first.reference()), "inside a unit of work");
            r.images().upsert(replaced);
            assertEquals(Optional.of(replaced), r.images().find(first.reference()), "inside a unit of work");
        });
        assertEquals(List.of(replaced), r.images().byRegistry("cr.example.org"));

        r.images().delete(first.reference());
        r.images().delete(first.reference());
        r.images().delete(null);
        assertEquals(Optional.empty(), r.images().find(first.reference()));
    }

    @Test
    void listFiltersPagesAndOrders() {
        r.registries().insert(registry("cr.example.org", T0));
        r.registries().insert(registry("hub.local", T0));
        List<Image> all = List.of(
                image("cr.example.org", "stable", "python", "3.12", "x86_64", T0.plusSeconds(30)),
                image("cr.example.org", "stable", "python", "3.12-arm", "aarch64", T0.plusSeconds(10)),
                image("cr.example.org", "stable", "PyTorch", "2.3", "x86_64", T0.plusSeconds(20)),
                image("cr.example.org", "", "r_base", "4", "x86_64", T0.plusSeconds(50)),
                image("hub.local", "ml", "python", "3.10", "x86_64", T0.plusSeconds(40)));
        all.forEach(r.images()::upsert);

        Page<Image> page = r.images().list(ImageQuery.ALL, PageRequest.first(20));
        assertEquals(5, page.total());
        assertEquals(List.of("cr.example.org/r_base:4", "cr.example.org/stable/PyTorch:2.3",
                "cr.example.org/stable/python:3.12", "cr.example.org/stable/python:3.12-arm",
                "hub.local/ml/python:3.10"), refs(page));
        assertEquals(refs(page), refs(r.images().list(null, new PageRequest(0, 20, "reference", false))));

        assertEquals(List.of("cr.example.org/stable/python:3.12-arm", "cr.example.org/stable/PyTorch:2.3",
                "cr.example.org/stable/python:3.12", "hub.local/ml/python:3.10", "cr.example.org/r_base:4"),
                refs(r.images().list(ImageQuery.ALL, new PageRequest(0, 20, "scanned_at", false))));
        Page<Image> second = r.images().list(ImageQuery.ALL, new PageRequest(1, 2, "scanned_at", true));
        assertEquals(5, second.total());
        assertEquals(List.of("hub.local/ml/python:3.10", "cr.example.org/stable/python:3.12"), refs(second));
        Page<Image> beyond = r.images().list(ImageQuery.ALL, new PageRequest(10, 2, null, false));
        assertEquals(5, beyond.total());
        assertEquals(List.of(), beyond.items());

        assertEquals(List.of("hub.local/ml/python:3.10"),
                refs(r.images().list(new ImageQuery("hub.local", null, null), PageRequest.first(20))));
        assertEquals(List.of("cr.example.org/stable/PyTorch:2.3", "cr.example.org/stable/python:3.12",
                "cr.example.org/stable/python:3.12-arm", "hub.local/ml/python:3.10"),
                refs(r.images().list(new ImageQuery(null, "PY", null), PageRequest.first(20))));
        assertEquals(List.of("cr.example.org/stable/python:3.12-arm"),
                refs(r.images().list(new ImageQuery(null, null, "aarch64"), PageRequest.first(20))));
        Page<Image> combined = r.images().list(new ImageQuery("cr.example.org", "python", "x86_64"),
                PageRequest.first(20));
        assertEquals(1, combined.total());
        assertEquals(List.of("cr.example.org/stable/python:3.12"), refs(combined));
        assertEquals(List.of("cr.example.org/r_base:4"),
                refs(r.images().list(new ImageQuery(null, "r_", null), PageRequest.first(20))), "_ is no wildcard");
        assertEquals(0, r.images().list(new ImageQuery(null, "%", null), PageRequest.first(20)).total());
        assertEquals(5, r.images().list(new ImageQuery(null, "", null), PageRequest.first(20)).total());
        assertEquals(0, r.images().list(new ImageQuery("ghost", null, null), PageRequest.first(20)).total());

        assertEquals("order_by", assertThrows(ValidationException.class,
                () -> r.images().list(ImageQuery.ALL, new PageRequest(0, 20, "name", false))).field());

        assertEquals(List.of("cr.example.org/r_base:4", "cr.example.org/stable/PyTorch:2.3",
                "cr.example.org/stable/python:3.12", "cr.example.org/stable/python:3.12-arm"),
                r.images().byRegistry("cr.example.org").stream().map(Image::reference).toList());
        assertEquals(List.of(), r.images().byRegistry("ghost"));
        assertEquals(List.of(), r.images().byRegistry(null));
    }

    @Test
    void deletingARegistryDeletesItsImagesAlsoWithinOneUnitOfWork() {
        r.registries().insert(registry("cr.example.org", T0));
        r.registries().insert(registry("hub.local", T0));
        Image a = image("cr.example.org", "stable", "python", "3.12", "x86_64", T0);
        Image b = image("cr.example.org", "stable", "python", "3.11", "x86_64", T0);
        Image other = image("hub.local", "ml", "python", "3.10", "x86_64", T0);
        List.of(a, b, other).forEach(r.images()::upsert);

        db.repos().unitOfWork().run(() -> {
            assertEquals(Optional.of(a), r.images().find(a.reference()));
            assertEquals(2, r.images().byRegistry("cr.example.org").size());
            assertEquals(3, r.images().list(ImageQuery.ALL, PageRequest.first(20)).total());
            r.registries().delete("cr.example.org");
            assertEquals(Optional.empty(), r.images().find(a.reference()), "no stale entity");
            assertEquals(List.of(), r.images().byRegistry("cr.example.org"));
            assertEquals(List.of(other.reference()), refs(r.images().list(ImageQuery.ALL, PageRequest.first(20))));
        });
        assertEquals(Optional.empty(), r.images().find(b.reference()));
        assertEquals(List.of(other), r.images().byRegistry("hub.local"));

        r.registries().insert(registry("cr.example.org", T0));
        r.images().upsert(a);
        assertEquals(Optional.of(a), r.images().find(a.reference()), "the reference is free again");
        r.registries().delete("cr.example.org");
        assertEquals(Optional.empty(), r.images().find(a.reference()));
        assertEquals(List.of(registry("hub.local", T0)), r.registries().list());
    }

    private static List<String> refs(Page<Image> page) {
        return page.items().stream().map(Image::reference).toList();
    }
}
