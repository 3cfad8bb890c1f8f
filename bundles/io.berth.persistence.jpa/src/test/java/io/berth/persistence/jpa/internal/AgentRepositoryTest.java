package io.berth.persistence.jpa.internal;

import static io.berth.persistence.jpa.internal.TestDb.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.agent.Agent;
import io.berth.core.agent.AgentQuery;
import io.berth.core.agent.AgentStatus;
import io.berth.core.agent.DeviceInfo;
import io.berth.core.error.ConflictException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import io.berth.core.group.ResourceGroup;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.repo.Referrers;
import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent repository: round trips, the single-statement update, the list, liveness and group members. */
class AgentRepositoryTest {
    private TestDb db;
    private JpaRepositories r;

    @BeforeEach
    void open() {
        db = TestDb.memory();
        // EclipseLink logs every failed flush as a warning; here they are expected outcomes
        r = db.open(Map.of("eclipselink.logging.level", "SEVERE"));
        r.resourceGroups().insert(TestDb.group("gpu", T0));
        r.resourceGroups().insert(TestDb.group("cpu", T0));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Agent agent(String id, String group, AgentStatus status, Instant first, Instant last) {
        Agent a = TestDb.agent(id, group, first);
        return TestDb.agent(a, status, last);
    }

    @Test
    void anAgentWithDevicesSlotsAndInfiniteAmountsRoundTrips() {
        Agent a = TestDb.agent("i-0abc", "gpu", T0);
        r.agents().insert(a);
        Agent stored = r.agents().find("i-0abc").orElseThrow();
        assertEquals(a, stored);
        assertEquals(2, stored.devices().size());
        assertEquals(TestDb.slots("cuda.device", "1", "cuda.shares", "Infinity"), stored.devices().get(0).capacity());
        assertEquals(-1, stored.devices().get(1).utilisationPercent());
        assertEquals(Optional.empty(), r.agents().find("i-other"));
        assertEquals(Optional.empty(), r.agents().find(null));
    }

    @Test
    void nullAndEmptyFieldsRoundTrip() {
        Agent bare = new Agent("bare", AgentStatus.LOST, null, null, null, null, null, null, false,
                ResourceSlots.EMPTY, ResourceSlots.EMPTY, 0, 0, 0, List.of(), T0, T0.plusMillis(1),
                T0.plusNanos(1000));
        r.agents().insert(bare);
        assertEquals(Optional.of(bare), r.agents().find("bare"));

        Agent nullSlots = new Agent("nulls", AgentStatus.ALIVE, null, null, null, null, null, "gpu", true, null, null,
                0.1, Long.MAX_VALUE, Integer.MAX_VALUE, null, T0, T0, T0);
        r.agents().insert(nullSlots);
        Agent stored = r.agents().find("nulls").orElseThrow();
        assertEquals(ResourceSlots.EMPTY, stored.availableSlots(), "null slots are stored as the empty map");
        assertEquals(ResourceSlots.EMPTY, stored.occupiedSlots());
        assertEquals(List.of(), stored.devices());
        assertEquals(0.1, stored.cpuPercent());
        assertEquals(Long.MAX_VALUE, stored.memoryUsedBytes());
        assertEquals(Integer.MAX_VALUE, stored.containerCount());
    }

    @Test
    void updateReplacesEveryColumn() {
        Agent a = TestDb.agent("a1", "gpu", T0);
        Agent neighbour = TestDb.agent("a2", "gpu", T0);
        r.agents().insert(a);
        r.agents().insert(neighbour);
        Agent b = new Agent("a1", AgentStatus.TERMINATED, "shut down", "us-east-2", "aarch64", "25.2.0",
                "192.168.1.20:7001", "cpu", false, TestDb.slots("cpu", "64"), ResourceSlots.EMPTY, 99.5, 1L, 0,
                List.of(new DeviceInfo("rocm", "gpu-7", "MI300X", 1L << 37, TestDb.slots("rocm.device", "1"), 0,
                        0)),
                T0.minusSeconds(3600), T0.plusSeconds(30), T0.plusSeconds(31));
        r.agents().update(b);
        assertEquals(Optional.of(b), r.agents().find("a1"));
        assertEquals(Optional.of(neighbour), r.agents().find("a2"), "only the agent's own row changes");

        Agent cleared = new Agent("a1", AgentStatus.ALIVE, null, null, null, null, null, "gpu", true,
                ResourceSlots.EMPTY, ResourceSlots.EMPTY, 0, 0, 0, List.of(), T0, T0, T0);
        r.agents().update(cleared);
        assertEquals(Optional.of(cleared), r.agents().find("a1"), "nulls replace values too");

        NotFoundException e = assertThrows(NotFoundException.class,
                () -> r.agents().update(TestDb.agent("ghost", "gpu", T0)));
        assertEquals("id", e.field());
        assertEquals(Optional.empty(), r.agents().find("ghost"));
    }

    @Test
    void anUpdateIsOneUpdateStatementByPrimaryKeyAndLeavesNothingStale() {
        r.agents().insert(TestDb.agent("hb", "gpu", T0));
        StatementLog log = new StatementLog(db.dataSource);
        // a session of its own: sharing the open unit's session and closing it breaks later units in this JVM
        EntityManagerFactory emf = Persistence.createEntityManagerFactory("berth",
                Map.of("javax.persistence.nonJtaDataSource", log.dataSource(), "eclipselink.logging.level", "SEVERE",
                        "eclipselink.session-name", "berth-statement-log-" + db.databaseName));
        try {
            JpaRepositories counted = JpaRepositories.over(emf);
            Agent beat = TestDb.agent(TestDb.agent("hb", "gpu", T0), AgentStatus.ALIVE, T0.plusSeconds(5));
            counted.agents().find("hb"); // EclipseLink prepares its metadata on first use
            log.take();

            counted.agents().update(beat);
            List<String> alone = log.take();
            assertEquals(1, alone.size(), alone::toString);
            assertTrue(alone.get(0).startsWith("UPDATE AGENTS SET ") && alone.get(0).endsWith("WHERE (ID = ?)"),
                    alone.get(0));

            // the heartbeat as core runs it: read, then replace, in one unit of work; then read again
            Agent next = TestDb.agent(beat, AgentStatus.ALIVE, T0.plusSeconds(10));
            Agent reread = counted.unitOfWork().inTransaction(() -> {
                counted.agents().find("hb").orElseThrow();
                counted.agents().update(next);
                return counted.agents().find("hb").orElseThrow();
            });
            List<String> inUnit = log.take();
            assertEquals(3, inUnit.size(), inUnit::toString);
            assertTrue(inUnit.get(0).startsWith("SELECT "), inUnit.get(0));
            assertTrue(inUnit.get(1).startsWith("UPDATE AGENTS SET "), inUnit.get(1));
            assertEquals(next, reread, "a read after the update in the same unit of work sees the update");
        } finally {
            emf.close();
        }
        assertEquals(T0.plusSeconds(10), r.agents().find("hb").orElseThrow().lastHeartbeat());
    }

    @Test
    void constraintsAndLengthsAreReportedOnTheirFields() {
        r.agents().insert(TestDb.agent("a1", "gpu", T0));
        ConflictException dup = assertThrows(ConflictException.class,
                () -> r.agents().insert(TestDb.agent("a1", "cpu", T0)));
        assertEquals("id", dup.field());
        assertNotNull(dup.getCause());

        ValidationException noGroup = assertThrows(ValidationException.class,
                () -> r.agents().insert(TestDb.agent("a2", "nowhere", T0)));
        assertEquals("resource_group", noGroup.field());
        assertNotNull(noGroup.getCause(), "the database error is kept as the cause");
        assertEquals(Optional.empty(), r.agents().find("a2"));

        ValidationException moved = assertThrows(ValidationException.class,
                () -> r.agents().update(TestDb.agent("a1", "nowhere", T0)));
        assertEquals("resource_group", moved.field());
        assertEquals("gpu", r.agents().find("a1").orElseThrow().resourceGroup(), "the failed update changed nothing");

        Agent longRegion = new Agent("a3", AgentStatus.ALIVE, null, "r".repeat(129), null, null, null, "gpu", true,
                null, null, 0, 0, 0, null, T0, T0, T0);
        assertEquals("region", assertThrows(ValidationException.class, () -> r.agents().insert(longRegion)).field());
        List<DeviceInfo> many = IntStream.range(0, 400).mapToObj(i -> new DeviceInfo("cuda", "device-" + i,
                "a long model name to fill the column", 1L << 40, TestDb.slots("cuda.device", "1"), 50, 1L << 39))
                .toList();
        Agent tooManyDevices = new Agent("a3", AgentStatus.ALIVE, null, null, null, null, null, "gpu", true, null,
                null, 0, 0, 0, many, T0, T0, T0);
        assertEquals("devices",
                assertThrows(ValidationException.class, () -> r.agents().insert(tooManyDevices)).field());
        assertEquals(Optional.empty(), r.agents().find("a3"));
    }

    @Test
    void listFiltersPagesAndSorts() {
        List<Agent> seeded = List.of(
                agent("n3", "gpu", AgentStatus.ALIVE, T0.plusSeconds(3), T0.plusSeconds(50)),
                agent("n1", "gpu", AgentStatus.LOST, T0.plusSeconds(1), T0.plusSeconds(10)),
                agent("n5", "cpu", AgentStatus.ALIVE, T0.plusSeconds(5), T0.plusSeconds(50)),
                agent("n2", "cpu", AgentStatus.TERMINATED, T0.plusSeconds(4), T0.plusSeconds(20)),
                agent("n4", "gpu", AgentStatus.ALIVE, T0.plusSeconds(2), T0.plusSeconds(40)));
        seeded.forEach(r.agents()::insert);

        Page<Agent> all = r.agents().list(AgentQuery.ALL, PageRequest.first(10));
        assertEquals(List.of("n1", "n2", "n3", "n4", "n5"), ids(all));
        assertEquals(5, all.total());
        assertEquals(seeded.get(1), all.items().get(0), "list items are whole agents");
        assertEquals(ids(all), ids(r.agents().list(null, PageRequest.first(10))), "null query lists all");

        assertEquals(List.of("n3", "n4", "n5"),
                ids(r.agents().list(new AgentQuery(Set.of(AgentStatus.ALIVE), null), PageRequest.first(10))));
        assertEquals(List.of("n1", "n2"), ids(r.agents().list(
                new AgentQuery(EnumSet.of(AgentStatus.LOST, AgentStatus.TERMINATED), null), PageRequest.first(10))));
        assertEquals(List.of("n1", "n3", "n4"),
                ids(r.agents().list(new AgentQuery(null, "gpu"), PageRequest.first(10))));
        Page<Agent> aliveGpu = r.agents().list(new AgentQuery(Set.of(AgentStatus.ALIVE), "gpu"), PageRequest.first(10));
        assertEquals(List.of("n3", "n4"), ids(aliveGpu));
        assertEquals(2, aliveGpu.total());
        Page<Agent> none = r.agents().list(new AgentQuery(Set.of(), null), PageRequest.first(10));
        assertEquals(List.of(), none.items());
        assertEquals(0, none.total());
        assertEquals(List.of(), ids(r.agents().list(new AgentQuery(null, "nowhere"), PageRequest.first(10))));

        Page<Agent> second = r.agents().list(AgentQuery.ALL, new PageRequest(2, 2, null, false));
        assertEquals(List.of("n3", "n4"), ids(second));
        assertEquals(5, second.total());
        assertEquals(2, second.offset());
        assertEquals(2, second.limit());
        Page<Agent> beyond = r.agents().list(AgentQuery.ALL, new PageRequest(7, 2, null, false));
        assertEquals(List.of(), beyond.items());
        assertEquals(5, beyond.total());

        assertEquals(List.of("n1", "n4", "n3", "n2", "n5"),
                ids(r.agents().list(AgentQuery.ALL, new PageRequest(0, 10, "first_contact", false))));
        assertEquals(List.of("n5", "n2", "n3", "n4", "n1"),
                ids(r.agents().list(AgentQuery.ALL, new PageRequest(0, 10, "first_contact", true))));
        assertEquals(List.of("n5", "n3", "n4", "n2", "n1"),
                ids(r.agents().list(AgentQuery.ALL, new PageRequest(0, 10, "last_heartbeat", true))),
                "ties on the sort key go by id in the same direction");
        assertEquals(List.of("n1", "n2", "n4", "n3", "n5"),
                ids(r.agents().list(AgentQuery.ALL, new PageRequest(0, 10, "last_heartbeat", false))));
        assertEquals(List.of("n5", "n4", "n3", "n2", "n1"),
                ids(r.agents().list(AgentQuery.ALL, new PageRequest(0, 10, "id", true))));

        ValidationException bad = assertThrows(ValidationException.class,
                () -> r.agents().list(AgentQuery.ALL, new PageRequest(0, 10, "region", false)));
        assertEquals("order_by", bad.field());
        assertTrue(bad.getMessage().contains("first_contact, id, last_heartbeat"), bad.getMessage());
        assertThrows(ValidationException.class,
                () -> r.agents().list(new AgentQuery(Set.of(), null), new PageRequest(0, 10, "region", false)));
    }

    @Test
    void aliveSinceListsAliveAgentsWithAHeartbeatStrictlyBeforeTheCutoff() {
        Instant cutoff = T0.plusSeconds(60);
        r.agents().insert(agent("before", "gpu", AgentStatus.ALIVE, T0, cutoff.minusNanos(1000)));
        r.agents().insert(agent("at", "gpu", AgentStatus.ALIVE, T0, cutoff));
        r.agents().insert(agent("after", "gpu", AgentStatus.ALIVE, T0, cutoff.plusNanos(1000)));
        r.agents().insert(agent("a-long-ago", "cpu", AgentStatus.ALIVE, T0, T0));
        r.agents().insert(agent("lost", "gpu", AgentStatus.LOST, T0, T0));
        r.agents().insert(agent("gone", "gpu", AgentStatus.TERMINATED, T0, T0));

        assertEquals(List.of("a-long-ago", "before"), r.agents().aliveSince(cutoff));
        assertEquals(List.of("a-long-ago", "at", "before"), r.agents().aliveSince(cutoff.plusNanos(1000)));
        assertEquals(List.of(), r.agents().aliveSince(T0));
    }

    @Test
    void inGroupCountsAgentsThatAreNotTerminatedWithASortedSample() {
        List<Agent> members = new ArrayList<>();
        for (int i = 0; i < Referrers.SAMPLE + 5; i++) {
            AgentStatus status = i % 2 == 0 ? AgentStatus.ALIVE : AgentStatus.LOST;
            members.add(agent(String.format("node-%03d", i), "gpu", status, T0, T0));
        }
        Collections.shuffle(members, new Random(7));
        r.unitOfWork().run(() -> {
            members.forEach(r.agents()::insert);
            r.agents().insert(agent("node-000-terminated", "gpu", AgentStatus.TERMINATED, T0, T0));
            r.agents().insert(agent("a-terminated", "gpu", AgentStatus.TERMINATED, T0, T0));
            r.agents().insert(agent("a-cpu", "cpu", AgentStatus.ALIVE, T0, T0));
        });

        Referrers gpu = r.agents().inGroup("gpu");
        assertEquals(Referrers.SAMPLE + 5, gpu.total());
        assertEquals(IntStream.range(0, Referrers.SAMPLE).mapToObj(i -> String.format("node-%03d", i)).toList(),
                gpu.sample());
        assertEquals(new Referrers(List.of("a-cpu"), 1), r.agents().inGroup("cpu"));
        assertTrue(r.agents().inGroup(ResourceGroup.DEFAULT).isEmpty());
        assertTrue(r.agents().inGroup("nowhere").isEmpty());
        assertTrue(r.agents().inGroup(null).isEmpty());

        r.agents().update(agent("a-cpu", "cpu", AgentStatus.TERMINATED, T0, T0));
        assertTrue(r.agents().inGroup("cpu").isEmpty(), "a terminated agent no longer counts");
    }

    private static List<String> ids(Page<Agent> page) {
        return page.items().stream().map(Agent::id).toList();
    }
}
