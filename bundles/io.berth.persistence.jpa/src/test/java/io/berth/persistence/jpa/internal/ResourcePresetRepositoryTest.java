package io.berth.persistence.jpa.internal;

import static io.berth.persistence.jpa.internal.TestDb.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.core.error.ConflictException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.resource.ResourcePreset;
import io.berth.spi.resource.ResourceSlots;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResourcePresetRepositoryTest {
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

    @Test
    void presetRoundTripWithAndWithoutSharedMemoryAndGroup() {
        ResourcePreset small = new ResourcePreset("small", TestDb.slots("cpu", "1", "mem", "1073741824"), null, null,
                T0, T0);
        ResourcePreset gpu = new ResourcePreset("gpu", TestDb.slots("cpu", "8", "mem", "34359738368", "cuda.shares",
                "0.5"), 1_073_741_824L, "gpu-group", T0, T0.plusSeconds(1));
        r.presets().insert(small);
        r.presets().insert(gpu);
        assertEquals(Optional.of(small), r.presets().find("small"));
        assertEquals(Optional.of(gpu), r.presets().find("gpu"));
        assertEquals(Optional.empty(), r.presets().find("nope"));
        assertEquals(Optional.empty(), r.presets().find(null));

        ResourcePreset cleared = new ResourcePreset("gpu", ResourceSlots.EMPTY, null, null, T0, T0.plusSeconds(9));
        r.presets().update(cleared);
        assertEquals(Optional.of(cleared), r.presets().find("gpu"));
        ResourcePreset set = new ResourcePreset("small", small.resourceSlots(), 0L, "default", T0, T0.plusSeconds(9));
        r.presets().update(set);
        assertEquals(Optional.of(set), r.presets().find("small"));
        assertThrows(NotFoundException.class,
                () -> r.presets().update(new ResourcePreset("ghost", ResourceSlots.EMPTY, null, null, T0, T0)));

        r.presets().delete("gpu");
        assertEquals(Optional.empty(), r.presets().find("gpu"));
        r.presets().delete("gpu");
        r.presets().delete(null);
        assertEquals(List.of(set), r.presets().list());
    }

    @Test
    void listIsSortedByNameAndDuplicatesConflictOnTheName() {
        assertEquals(List.of(), r.presets().list());
        for (String name : List.of("medium", "large", "small")) {
            r.presets().insert(new ResourcePreset(name, TestDb.slots("cpu", "2"), null, null, T0, T0));
        }
        assertEquals(List.of("large", "medium", "small"),
                r.presets().list().stream().map(ResourcePreset::name).toList());
        ConflictException e = assertThrows(ConflictException.class,
                () -> r.presets().insert(new ResourcePreset("small", ResourceSlots.EMPTY, null, null, T0, T0)));
        assertEquals("name", e.field());
    }

    @Test
    void slotsThatDoNotFitTheColumnAreRejected() {
        String many = IntStream.range(0, 200).mapToObj(i -> "slot" + i + "-" + "x".repeat(20) + ",1")
                .collect(Collectors.joining(","));
        ResourcePreset big = new ResourcePreset("big", TestDb.slots(many.split(",")), null, null, T0, T0);
        assertEquals("resource_slots", assertThrows(ValidationException.class, () -> r.presets().insert(big)).field());
        assertEquals(Optional.empty(), r.presets().find("big"));
    }
}
