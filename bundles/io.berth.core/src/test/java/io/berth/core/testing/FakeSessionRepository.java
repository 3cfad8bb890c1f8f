package io.berth.core.testing;

import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.repo.SessionLoad;
import io.berth.core.repo.SessionRepository;
import io.berth.core.session.Kernel;
import io.berth.core.session.Session;
import io.berth.core.session.SessionQuery;
import io.berth.core.session.SessionStatus;
import io.berth.core.session.StatusChange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Sessions by id with their kernels (kept ordered by index), and their status history in a second table,
 * so that a rolled back transaction restores both. {@link #update} is a compare-and-set on the version as
 * the database does it. Lists follow the JPA repository: equality filters, the name filter is a
 * case-insensitive "contains", {@code createdFrom} inclusive and {@code createdTo} exclusive, newest first
 * unless the page names a sort key; oldest first (then by id) everywhere else.
 */
public final class FakeSessionRepository extends FakeTable<Session> implements SessionRepository {
    /** Oldest first, then by id: the order of {@link #forEach}, {@link #pending}, {@link #live} and the rest. */
    public static final Comparator<Session> OLDEST_FIRST = Comparator.comparing(Session::createdAt)
            .thenComparing(Session::id);

    /** The history table: every change of one session, oldest first, under the session's id. */
    public static final class History extends FakeTable<List<StatusChange>> {
        History(FakeUnitOfWork tx) {
            super("session_history", tx);
        }
    }

    public final History history;
    private int forEachCalls;
    private int listCalls;
    private int updates;
    private int refusedUpdates;

    public FakeSessionRepository(FakeUnitOfWork tx) {
        super("sessions", tx);
        this.history = new History(tx);
    }

    /** How often {@link #forEach} was called. */
    public int forEachCalls() {
        return forEachCalls;
    }

    /** How often {@link #list} was called. */
    public int listCalls() {
        return listCalls;
    }

    /** How many updates applied. */
    public int updates() {
        return updates;
    }

    /** How many updates were refused because the stored version had moved on (or the session was gone). */
    public int refusedUpdates() {
        return refusedUpdates;
    }

    private static Session ordered(Session s) {
        List<Kernel> ks = new ArrayList<>(s.kernels());
        ks.sort(Comparator.comparingInt(Kernel::index).thenComparing(Kernel::id));
        return ks.equals(s.kernels()) ? s : s.withKernels(ks);
    }

    @Override
    public void insert(Session session, StatusChange first) {
        Objects.requireNonNull(session, "session");
        write("insert", session.id(), ordered(session));
        history.write("insert", session.id(), first == null ? List.of() : List.of(first));
    }

    @Override
    public Optional<Session> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(get(id));
    }

    @Override
    public Optional<Session> findByKernel(String kernelId) {
        if (kernelId == null) {
            return Optional.empty();
        }
        return all().filter(s -> s.kernels().stream().anyMatch(k -> k.id().equals(kernelId))).findFirst();
    }

    @Override
    public boolean update(Session session, StatusChange change) {
        Session stored = get(session.id());
        if (stored == null || stored.version() != session.version() - 1) {
            refusedUpdates++;
            return false;
        }
        write("update", session.id(), ordered(session));
        if (change != null) {
            List<StatusChange> h = new ArrayList<>(Optional.ofNullable(history.get(session.id())).orElse(List.of()));
            h.add(change);
            if (history.get(session.id()) == null) {
                history.write("insert", session.id(), List.copyOf(h));
            } else {
                history.write("update", session.id(), List.copyOf(h));
            }
        }
        updates++;
        return true;
    }

    @Override
    public List<StatusChange> history(String sessionId) {
        List<StatusChange> h = sessionId == null ? null : history.get(sessionId);
        return h == null ? List.of() : h;
    }

    /** Whether the session matches every filter the query sets. */
    public static boolean matches(SessionQuery q, Session s) {
        if (!q.statuses().isEmpty() && !q.statuses().contains(s.status())) {
            return false;
        }
        if (q.accessKey() != null && !q.accessKey().equals(s.accessKey())) {
            return false;
        }
        if (q.ownerEmail() != null && !q.ownerEmail().equals(s.ownerEmail())) {
            return false;
        }
        if (q.projectId() != null && !q.projectId().equals(s.projectId())) {
            return false;
        }
        if (q.domain() != null && !q.domain().equals(s.domain())) {
            return false;
        }
        if (q.resourceGroup() != null && !q.resourceGroup().equals(s.resourceGroup())) {
            return false;
        }
        if (q.agentId() != null && s.kernels().stream().noneMatch(k -> q.agentId().equals(k.agentId()))) {
            return false;
        }
        if (q.type() != null && q.type() != s.type()) {
            return false;
        }
        if (q.name() != null && !q.name().isBlank() && !contains(s.name(), q.name())) {
            return false;
        }
        if (q.createdFrom() != null && s.createdAt().isBefore(q.createdFrom())) {
            return false;
        }
        return q.createdTo() == null || s.createdAt().isBefore(q.createdTo());
    }

    private Stream<Session> matching(SessionQuery query) {
        SessionQuery q = query == null ? SessionQuery.ALL : query;
        return all().filter(s -> matches(q, s));
    }

    @Override
    public Page<Session> list(SessionQuery query, PageRequest page) {
        listCalls++;
        PageRequest p = page.orderBy() == null ? new PageRequest(page.offset(), page.limit(), "created_at", true)
                : page;
        Comparator<Session> order = switch (p.orderBy()) {
            case "created_at" -> Comparator.comparing(Session::createdAt);
            case "name" -> Comparator.comparing(Session::name);
            case "status" -> Comparator.comparing((Session s) -> s.status().name());
            default -> throw new IllegalArgumentException("unknown sort key " + p.orderBy());
        };
        return page(matching(query), order.thenComparing(Session::id), p);
    }

    @Override
    public void forEach(SessionQuery query, Consumer<Session> each) {
        forEachCalls++;
        matching(query).sorted(OLDEST_FIRST).toList().forEach(each);
    }

    private Stream<Session> oldestFirst(Predicate<Session> which) {
        return all().filter(which).sorted(OLDEST_FIRST);
    }

    @Override
    public List<Session> pending(String resourceGroup, int limit) {
        if (resourceGroup == null || limit <= 0) {
            return List.of();
        }
        return oldestFirst(s -> s.status() == SessionStatus.PENDING && resourceGroup.equals(s.resourceGroup()))
                .limit(limit).toList();
    }

    @Override
    public List<String> groupsWithPending() {
        return all().filter(s -> s.status() == SessionStatus.PENDING).map(Session::resourceGroup).distinct()
                .sorted().toList();
    }

    @Override
    public List<SessionLoad> live() {
        return oldestFirst(s -> !s.status().isFinal()).map(s -> new SessionLoad(s.id(), s.accessKey(), s.userId(),
                s.projectId(), s.domain(), s.resourceGroup(), s.status(), s.requested(), s.createdAt())).toList();
    }

    @Override
    public List<Session> notFinal(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return oldestFirst(s -> !s.status().isFinal()).limit(limit).toList();
    }

    @Override
    public List<Session> withKernelsOn(String agentId) {
        if (agentId == null) {
            return List.of();
        }
        return oldestFirst(s -> s.status().holdsResources() && s.kernels().stream()
                .anyMatch(k -> agentId.equals(k.agentId()) && k.status().holdsResources())).toList();
    }

    @Override
    public Map<String, SessionStatus> statuses(Collection<String> ids) {
        Map<String, SessionStatus> out = new HashMap<>();
        if (ids != null) {
            for (String id : ids) {
                Session s = id == null ? null : get(id);
                if (s != null) {
                    out.put(id, s.status());
                }
            }
        }
        return Map.copyOf(out);
    }

    @Override
    public long countByAccessKey(String accessKey) {
        return accessKey == null ? 0 : all().filter(s -> accessKey.equals(s.accessKey())).count();
    }
}
