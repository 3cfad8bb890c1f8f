package io.berth.persistence.jpa.internal;

import static io.berth.persistence.jpa.internal.TestDb.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.identity.Domain;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Project;
import io.berth.core.identity.ProjectType;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.identity.UserStatus;
import io.berth.spi.resource.ResourceSlots;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RepositoryCrudTest {
    private TestDb db;
    private JpaRepositories r;

    @BeforeEach
    void open() {
        db = TestDb.memory();
        r = db.open();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void domainRoundTripAndUpdate() {
        Domain d = TestDb.domain("research", true, T0);
        r.domains().insert(d);
        assertEquals(Optional.of(d), r.domains().find("research"));
        assertEquals(Optional.empty(), r.domains().find("nope"));
        assertEquals(Optional.empty(), r.domains().find(null));

        Domain changed = new Domain("research", null, false, TestDb.slots("cpu", "8"), List.of(),
                List.of("a.example", "b.example:443"), T0, T0.plusSeconds(60));
        r.domains().update(changed);
        assertEquals(Optional.of(changed), r.domains().find("research"));

        assertThrows(NotFoundException.class, () -> r.domains().update(TestDb.domain("ghost", true, T0)));
    }

    @Test
    void hostListsThatDoNotFitTheColumnAreRejected() {
        List<String> many = IntStream.range(0, 256).mapToObj(i -> "h" + i + "x".repeat(125)).toList();
        Domain d = new Domain("big", null, true, null, many, List.of(), T0, T0);
        ValidationException e = assertThrows(ValidationException.class, () -> r.domains().insert(d));
        assertEquals("allowed_vfolder_hosts", e.field());
        assertEquals(Optional.empty(), r.domains().find("big"));
    }

    @Test
    void domainAndProjectSlotsRoundTripAsCompactJson() throws SQLException {
        ResourceSlots slots = TestDb.slots("mem", "68719476736", "cpu", "32", "cuda.shares", "2.5", "cuda.device",
                "Infinity");
        Domain d = new Domain("d1", null, true, slots, List.of(), List.of(), T0, T0);
        r.domains().insert(d);
        Project p = new Project("p-1", "d1", "one", null, true, ProjectType.GENERAL, TestDb.slots("cpu", "0.5"),
                List.of(), List.of(), "default", T0, T0);
        r.projects().insert(p);
        assertEquals(slots, r.domains().find("d1").orElseThrow().totalResourceSlots());
        assertEquals(Optional.of(p), r.projects().find("p-1"));
        assertEquals("{\"cpu\":\"32\",\"cuda.device\":\"Infinity\",\"cuda.shares\":\"2.5\",\"mem\":\"68719476736\"}",
                column("SELECT total_resource_slots FROM domains WHERE name = 'd1'"));

        r.projects().update(new Project("p-1", "d1", "one", null, true, ProjectType.GENERAL, ResourceSlots.EMPTY,
                List.of(), List.of(), "default", T0, T0.plusSeconds(1)));
        assertEquals(ResourceSlots.EMPTY, r.projects().find("p-1").orElseThrow().totalResourceSlots());
        assertEquals("{}", column("SELECT total_resource_slots FROM projects WHERE id = 'p-1'"));
    }

    @Test
    void projectRoundTripFindByNameFindAllAndUpdate() {
        r.domains().insert(TestDb.domain("d1", true, T0));
        r.domains().insert(TestDb.domain("d2", true, T0));
        Project p1 = TestDb.project("p-1", "d1", "alpha", true, T0);
        Project p2 = TestDb.project("p-2", "d2", "alpha", true, T0);
        Project store = new Project("p-3", "d1", ProjectType.MODEL_STORE_NAME, null, true, ProjectType.MODEL_STORE,
                null, List.of(), List.of(), "default", T0, T0);
        r.projects().insert(p1);
        r.projects().insert(p2);
        r.projects().insert(store);

        assertEquals(Optional.of(p1), r.projects().find("p-1"));
        assertEquals(Optional.of(store), r.projects().find("p-3"));
        assertEquals(Optional.of(p2), r.projects().findByName("d2", "alpha"));
        assertEquals(Optional.empty(), r.projects().findByName("d2", "beta"));
        assertEquals(Set.of(p1, p2), Set.copyOf(r.projects().findAll(List.of("p-1", "p-2", "p-2", "missing"))));
        assertEquals(List.of(), r.projects().findAll(List.of()));
        assertEquals(List.of(), r.projects().findAll(null));

        r.projectPolicies().insert(TestDb.projectPolicy("gpu-large", T0));
        Project changed = new Project("p-1", "d1", "alpha", "new text", false, ProjectType.GENERAL,
                TestDb.slots("cpu", "16", "cuda.shares", "0.5"), List.of(), List.of("registry.local"), "gpu-large", T0,
                T0.plusSeconds(99));
        r.projects().update(changed);
        assertEquals(Optional.of(changed), r.projects().find("p-1"));
        assertThrows(NotFoundException.class, () -> r.projects().update(TestDb.project("x", "d1", "x", true, T0)));
    }

    @Test
    void findAllWorksBeyondOneInListChunk() {
        r.domains().insert(TestDb.domain("d1", true, T0));
        List<String> ids = IntStream.range(0, JpaProjectRepository.IN_CHUNK + 7).mapToObj(i -> "p" + i).toList();
        r.unitOfWork().run(() -> ids.forEach(id -> r.projects().insert(TestDb.project(id, "d1", id, true, T0))));
        assertEquals(Set.copyOf(ids), r.projects().findAll(ids).stream().map(Project::id)
                .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void userRoundTripWithMembershipsAndUpdate() {
        r.domains().insert(TestDb.domain("d1", true, T0));
        r.projects().insert(TestDb.project("p-1", "d1", "one", true, T0));
        r.projects().insert(TestDb.project("p-2", "d1", "two", true, T0));
        r.projects().insert(TestDb.project("p-3", "d1", "three", true, T0));
        User u = TestDb.user("u-1", "ann@example.org", "Ann", "d1", UserStatus.BEFORE_VERIFICATION, null,
                Set.of("p-1", "p-2"), T0);
        r.users().insert(u);

        assertEquals(Optional.of(u), r.users().findById("u-1"));
        assertEquals(Optional.of(u), r.users().findByEmail("ann@example.org"));
        assertEquals(Optional.of(u), r.users().findByUsername("Ann"));
        assertEquals(Optional.empty(), r.users().findByUsername("ann"));
        assertEquals(Optional.empty(), r.users().findByEmail("bob@example.org"));
        assertEquals(Optional.empty(), r.users().findById(null));
        assertEquals(1, r.users().count());

        r.userPolicies().insert(TestDb.userPolicy("power", T0));
        User changed = new User("u-1", "ann@example.org", "Annie", null, null, "pbkdf2$other", "d1", Role.ADMIN,
                UserStatus.ACTIVE, true, false, "AKAAAAAAAAAAAAAAAAAA", "power", Set.of("p-2", "p-3"), T0,
                T0.plusSeconds(5));
        r.users().update(changed);
        assertEquals(Optional.of(changed), r.users().findById("u-1"));
        assertEquals(Optional.empty(), r.users().findByUsername("Ann"));

        User none = changed.withProjects(Set.of(), T0.plusSeconds(6));
        r.users().update(none);
        assertEquals(Set.of(), r.users().findById("u-1").orElseThrow().projectIds());
        assertThrows(NotFoundException.class, () -> r.users().update(TestDb.user("u-9", "x@example.org", "x", "d1",
                UserStatus.ACTIVE, null, Set.of(), T0)));
    }

    @Test
    void keyPairRoundTripUpdateFindByUserAndDelete() {
        seedUser("u-1", "ann@example.org");
        r.keyPairPolicies().insert(TestDb.keyPairPolicy("gpu", T0));
        r.keyPairPolicies().insert(TestDb.keyPairPolicy("gpu-large", T0));
        KeyPair k1 = TestDb.keyPair("AK000000000000000002", "u-1", true, T0);
        KeyPair k2 = new KeyPair("AK000000000000000001", "s2", "u-1", false, true, "gpu", 77, T0.plusSeconds(1),
                T0.plusSeconds(30), 12);
        KeyPair k3 = TestDb.keyPair("AK000000000000000000", "u-1", true, T0);
        r.keyPairs().insert(k1);
        r.keyPairs().insert(k2);
        r.keyPairs().insert(k3);

        assertEquals(Optional.of(k2), r.keyPairs().find("AK000000000000000001"));
        assertEquals(List.of(k3, k1, k2), r.keyPairs().findByUser("u-1"));
        assertEquals(List.of(), r.keyPairs().findByUser("u-2"));

        KeyPair settings = new KeyPair(k1.accessKey(), k1.secretKey(), "u-1", false, true, "gpu-large", 5, T0,
                T0.plusSeconds(999), 999);
        r.keyPairs().update(settings);
        KeyPair stored = r.keyPairs().find(k1.accessKey()).orElseThrow();
        assertEquals(new KeyPair(k1.accessKey(), k1.secretKey(), "u-1", false, true, "gpu-large", 5, T0, null, 0),
                stored, "update changes the settings, never the usage counters");
        assertThrows(NotFoundException.class, () -> r.keyPairs().update(TestDb.keyPair("AKNONE", "u-1", true, T0)));

        r.keyPairs().delete(k1.accessKey());
        assertEquals(Optional.empty(), r.keyPairs().find(k1.accessKey()));
        r.keyPairs().delete(k1.accessKey());
        r.keyPairs().delete(null);
        assertEquals(2, r.keyPairs().findByUser("u-1").size());
    }

    @Test
    void recordUsageAddsQueriesAndOnlyMovesLastUsedForward() {
        seedUser("u-1", "ann@example.org");
        r.keyPairs().insert(TestDb.keyPair("AK1", "u-1", true, T0));

        r.keyPairs().recordUsage("AK1", 5, T0.plusSeconds(100));
        r.keyPairs().recordUsage("AK1", 3, T0.plusSeconds(50));
        KeyPair k = r.keyPairs().find("AK1").orElseThrow();
        assertEquals(8, k.numQueries());
        assertEquals(T0.plusSeconds(100), k.lastUsed());

        r.unitOfWork().run(() -> {
            KeyPair before = r.keyPairs().find("AK1").orElseThrow();
            r.keyPairs().recordUsage("AK1", 2, T0.plusSeconds(200));
            KeyPair after = r.keyPairs().find("AK1").orElseThrow();
            assertEquals(before.numQueries() + 2, after.numQueries());
            assertEquals(T0.plusSeconds(200), after.lastUsed());
        });
        assertEquals(10, r.keyPairs().find("AK1").orElseThrow().numQueries());

        r.keyPairs().recordUsage("AK-deleted-meanwhile", 1, T0);
        r.keyPairs().recordUsage(null, 1, T0);
    }

    @Test
    void concurrentUsageFlushesAddUp() throws InterruptedException {
        seedUser("u-1", "ann@example.org");
        r.keyPairs().insert(TestDb.keyPair("AK1", "u-1", true, T0));
        List<Thread> threads = IntStream.range(0, 4).mapToObj(t -> new Thread(() -> {
            for (int i = 0; i < 10; i++) {
                r.keyPairs().recordUsage("AK1", 1, T0.plusSeconds(t * 10L + i));
            }
        })).toList();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        KeyPair k = r.keyPairs().find("AK1").orElseThrow();
        assertEquals(40, k.numQueries());
        assertEquals(T0.plusSeconds(39), k.lastUsed());
    }

    @Test
    void recordsReadInATransactionAreCompleteDetachedValues() {
        r.domains().insert(TestDb.domain("d1", true, T0));
        r.projects().insert(TestDb.project("p-1", "d1", "one", true, T0));
        r.users().insert(TestDb.user("u-1", "ann@example.org", "ann", "d1", UserStatus.ACTIVE, null, Set.of("p-1"),
                T0));
        User read = r.unitOfWork().inTransaction(() -> r.users().findById("u-1").orElseThrow());
        r.users().update(read.withProjects(Set.of(), T0.plusSeconds(1)));

        assertEquals(Set.of("p-1"), read.projectIds(), "memberships were loaded before the entity manager closed");
        assertEquals(Set.of(), r.users().findById("u-1").orElseThrow().projectIds());
        assertThrows(UnsupportedOperationException.class, () -> read.projectIds().add("p-x"));
    }

    private String column(String sql) throws SQLException {
        try (Connection c = db.dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    private void seedUser(String id, String email) {
        if (r.domains().find("d1").isEmpty()) {
            r.domains().insert(TestDb.domain("d1", true, T0));
        }
        r.users().insert(TestDb.user(id, email, email, "d1", UserStatus.ACTIVE, null, Set.of(), T0));
    }
}
