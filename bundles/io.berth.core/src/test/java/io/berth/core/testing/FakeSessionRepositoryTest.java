package io.berth.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.group.SessionType;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.repo.SessionLoad;
import io.berth.core.session.ClusterMode;
import io.berth.core.session.Kernel;
import io.berth.core.session.Session;
import io.berth.core.session.SessionQuery;
import io.berth.core.session.SessionStatus;
import io.berth.core.session.StatusChange;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fake session repository behaves like the database one: compare-and-set, history, filters, order. */
class FakeSessionRepositoryTest {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final ResourceSlots ONE = ResourceSlots.of(Map.of("cpu", Amount.of(1)));

    private final Fakes f = new Fakes();
    private final FakeSessionRepository repo = f.sessions;

    private static Session session(String id, String name, String ak, String group, SessionStatus status, int second,
            String agent, SessionStatus kernelStatus) {
        Instant at = T0.plusSeconds(second);
        List<Kernel> ks = List.of(
                new Kernel(id + "-k1", id, 1, agent, null, kernelStatus, null, ONE, null, null, at, null),
                new Kernel(id + "-k0", id, 0, agent, null, kernelStatus, null, ONE, null, null, at, null));
        return new Session(id, name, ak, "u-" + ak, ak.toLowerCase() + "@x.test", "p-" + ak, "d-" + ak, group,
                SessionType.INTERACTIVE, "img", null, 2, ClusterMode.SINGLE_NODE, ONE, ONE.plus(ONE), Map.of(),
                List.of(), null, 10, List.of(), null, false, status, null, at, List.of(), 0, at,
                status.isFinal() ? at : null, at, 1, ks);
    }

    private void insert(Session s) {
        f.tx.run(() -> repo.insert(s, new StatusChange(SessionStatus.PENDING, "created", s.createdAt())));
    }

    private List<String> ids(List<Session> l) {
        return l.stream().map(Session::id).toList();
    }

    @Test
    void insertFindAndKernelsInIndexOrder() {
        insert(session("s1", "one", "AK1", "g", SessionStatus.PENDING, 1, null, SessionStatus.PENDING));
        Session s = repo.find("s1").orElseThrow();
        assertEquals(List.of(0, 1), s.kernels().stream().map(Kernel::index).toList());
        assertEquals("s1", repo.findByKernel("s1-k1").orElseThrow().id());
        assertTrue(repo.findByKernel("nope").isEmpty());
        assertTrue(repo.find(null).isEmpty());
        assertEquals(List.of(new StatusChange(SessionStatus.PENDING, "created", T0.plusSeconds(1))),
                repo.history("s1"));
        assertThrows(IllegalStateException.class,
                () -> repo.insert(session("s2", "x", "AK1", "g", SessionStatus.PENDING, 1, null, SessionStatus.PENDING),
                        null), "writes need a transaction");
    }

    @Test
    void updateIsACompareAndSetOnTheVersion() {
        Session s = session("s1", "one", "AK1", "g", SessionStatus.PENDING, 1, null, SessionStatus.PENDING);
        insert(s);
        Session next = s.withStatus(SessionStatus.SCHEDULED, "placed", T0.plusSeconds(2)).withVersion(2);
        StatusChange change = new StatusChange(SessionStatus.SCHEDULED, "placed", T0.plusSeconds(2));
        assertTrue(f.tx.inTransaction(() -> repo.update(next, change)));
        Session stored = repo.find("s1").orElseThrow();
        assertEquals(2, stored.version());
        assertEquals(SessionStatus.SCHEDULED, stored.status());
        assertEquals(List.of("s1-k0", "s1-k1"), stored.kernels().stream().map(Kernel::id).toList());
        assertEquals(2, repo.history("s1").size());
        // the same version again, or a stale one, is refused and writes nothing
        Fakes.State before = f.state();
        assertFalse(f.tx.inTransaction(() -> repo.update(next, change)));
        assertFalse(f.tx.inTransaction(() -> repo.update(s.withVersion(2), change)));
        assertFalse(f.tx.inTransaction(() -> repo.update(session("gone", "g", "AK1", "g", SessionStatus.PENDING, 1,
                null, SessionStatus.PENDING).withVersion(2), change)));
        assertEquals("", before.diff(f.state()));
        assertEquals(3, repo.refusedUpdates());
        // without a change, no history entry
        assertTrue(f.tx.inTransaction(() -> repo.update(next.withVersion(3), null)));
        assertEquals(2, repo.history("s1").size());
    }

    @Test
    void rollbackRestoresSessionsAndHistory() {
        Session s = session("s1", "one", "AK1", "g", SessionStatus.PENDING, 1, null, SessionStatus.PENDING);
        insert(s);
        Fakes.State before = f.state();
        assertThrows(IllegalStateException.class, () -> f.tx.run(() -> {
            repo.update(s.withVersion(2), new StatusChange(SessionStatus.PENDING, "x", T0));
            insert(session("s2", "two", "AK1", "g", SessionStatus.PENDING, 2, null, SessionStatus.PENDING));
            throw new IllegalStateException("abort");
        }));
        assertEquals("", before.diff(f.state()));
    }

    private void world() {
        insert(session("p1", "alpha", "AK1", "g1", SessionStatus.PENDING, 3, null, SessionStatus.PENDING));
        insert(session("p2", "beta", "AK2", "g1", SessionStatus.PENDING, 1, null, SessionStatus.PENDING));
        insert(session("p3", "gamma", "AK1", "g2", SessionStatus.PENDING, 2, null, SessionStatus.PENDING));
        insert(session("r1", "Alphabet", "AK1", "g1", SessionStatus.RUNNING, 4, "a1", SessionStatus.RUNNING));
        insert(session("t1", "delta", "AK2", "g1", SessionStatus.TERMINATING, 5, "a1", SessionStatus.TERMINATING));
        insert(session("x1", "epsilon", "AK1", "g1", SessionStatus.TERMINATED, 0, "a1", SessionStatus.TERMINATED));
        insert(session("r2", "zeta", "AK2", "g1", SessionStatus.RUNNING, 6, "a2", SessionStatus.RUNNING));
    }

    @Test
    void dispatcherQueries() {
        world();
        assertEquals(List.of("p2", "p1"), ids(repo.pending("g1", 10)), "oldest first");
        assertEquals(List.of("p2"), ids(repo.pending("g1", 1)));
        assertEquals(List.of(), repo.pending("g1", 0));
        assertEquals(List.of("g1", "g2"), repo.groupsWithPending());
        assertEquals(List.of("p2", "p3", "p1", "r1", "t1", "r2"),
                repo.live().stream().map(SessionLoad::id).toList());
        SessionLoad load = repo.live().get(0);
        assertEquals(new SessionLoad("p2", "AK2", "u-AK2", "p-AK2", "d-AK2", "g1", SessionStatus.PENDING,
                ONE.plus(ONE), T0.plusSeconds(1)), load);
        assertEquals(List.of("p2", "p3"), ids(repo.notFinal(2)));
        assertEquals(List.of("r1", "t1"), ids(repo.withKernelsOn("a1")));
        assertEquals(List.of("r2"), ids(repo.withKernelsOn("a2")));
        assertEquals(List.of(), repo.withKernelsOn("a3"));
        assertEquals(Map.of("p1", SessionStatus.PENDING, "x1", SessionStatus.TERMINATED),
                repo.statuses(List.of("p1", "x1", "nothing")));
        assertEquals(4, repo.countByAccessKey("AK1"));
        assertEquals(0, repo.countByAccessKey(null));
    }

    @Test
    void listFiltersSortsAndPages() {
        world();
        Page<Session> all = repo.list(SessionQuery.ALL, PageRequest.first(3));
        assertEquals(7, all.total());
        assertEquals(List.of("r2", "t1", "r1"), ids(all.items()), "newest first by default");
        assertEquals(List.of("x1", "p2"), ids(repo.list(SessionQuery.ALL,
                new PageRequest(0, 2, "created_at", false)).items()));
        assertEquals(Set.of("p1", "r1"), Set.copyOf(ids(repo.list(new SessionQuery(null, null, null, null, null, null,
                null, null, "ALPHA", null, null), PageRequest.first(10)).items())), "name contains, any case");
        assertEquals(List.of("beta", "delta", "zeta"), repo.list(SessionQuery.ALL.withAccessKey("AK2"),
                new PageRequest(0, 10, "name", false)).items().stream().map(Session::name).toList());
        assertEquals(List.of("zeta", "delta"), repo.list(SessionQuery.ALL.withAccessKey("AK2"),
                new PageRequest(0, 2, "name", true)).items().stream().map(Session::name).toList());
        assertEquals(Set.of("r1", "t1", "x1"), Set.copyOf(ids(repo.list(new SessionQuery(null, null, null, null,
                null, null, "a1", null, null, null, null), PageRequest.first(10)).items())));
        assertEquals(Set.of("p1", "p3", "r1", "x1"), Set.copyOf(ids(repo.list(SessionQuery.ALL.withAccessKey("AK1"),
                PageRequest.first(10)).items())));
        assertEquals(Set.of("r1", "r2"), Set.copyOf(ids(repo.list(SessionQuery.ALL.withStatuses(
                Set.of(SessionStatus.RUNNING)), PageRequest.first(10)).items())));
        assertEquals(List.of("p2", "p3"), ids(repo.list(new SessionQuery(null, null, null, null, null, null, null,
                null, null, T0.plusSeconds(1), T0.plusSeconds(3)), new PageRequest(0, 10, "created_at", false))
                .items()), "from inclusive, to exclusive");
        assertEquals(Set.of("p3"), Set.copyOf(ids(repo.list(new SessionQuery(null, null, "ak1@x.test", "p-AK1",
                "d-AK1", "g2", null, SessionType.INTERACTIVE, null, null, null), PageRequest.first(10)).items())));
        assertEquals(List.of("t1", "r1"), ids(repo.list(SessionQuery.ALL, new PageRequest(1, 2, null, false))
                .items()));
        assertEquals(List.of("x1"), ids(repo.list(SessionQuery.ALL.withStatuses(Set.of(SessionStatus.TERMINATED,
                SessionStatus.PENDING)), new PageRequest(0, 1, "status", true)).items()), "by status name");
    }

    @Test
    void forEachIsOldestFirstAndFiltered() {
        world();
        List<String> seen = new ArrayList<>();
        repo.forEach(SessionQuery.ALL.withAccessKey("AK2"), s -> seen.add(s.id()));
        assertEquals(List.of("p2", "t1", "r2"), seen);
        assertEquals(1, repo.forEachCalls());
    }
}
