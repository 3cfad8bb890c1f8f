package io.berth.persistence.jpa.internal;

import io.berth.core.group.SessionType;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.repo.SessionLoad;
import io.berth.core.repo.SessionRepository;
import io.berth.core.session.ClusterMode;
import io.berth.core.session.Kernel;
import io.berth.core.session.Session;
import io.berth.core.session.SessionQuery;
import io.berth.core.session.SessionStatus;
import io.berth.core.session.StatusChange;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.persistence.EntityManager;
import javax.persistence.Query;
import javax.persistence.TypedQuery;

/**
 * {@link SessionRepository} over the {@code sessions}, {@code kernels} and {@code session_history} tables.
 *
 * <p><b>Compare-and-set.</b> {@link #update} is one bulk JPQL {@code UPDATE ... WHERE id = ? AND version = ?}
 * that sets every column of the session: of two writers that computed a change from the same version, the
 * database lets exactly one change the row (the other waits for the row lock, then finds the version
 * changed and updates nothing). Only the winner goes on to write the kernels and the history, in the same
 * transaction. So that such statements can never leave a stale copy in a persistence context, this
 * repository detaches every entity it loads or persists as soon as it has turned it into a record.
 *
 * <p><b>Reads.</b> The kernels of a list of sessions are read with one query per
 * {@value #CHUNK} sessions, never one per session; those of {@link #pending} with one query that joins the
 * pending sessions of the group. {@link #forEach} pages by the key
 * {@code (created_at, id)}, {@value #CHUNK} sessions per query, so memory does not grow with the number of
 * sessions.
 *
 * <p>Text that users give (names, image, environment, command, mounts) is checked against the column
 * lengths ({@link io.berth.core.error.ValidationException} naming the column); text the system writes
 * (status reasons, pending reasons, log tails) is cut to fit instead, a log tail keeping its end.
 */
final class JpaSessionRepository implements SessionRepository {
    /** Rows per query of {@link #forEach} and ids per {@code IN} list. */
    static final int CHUNK = 500;

    static final int MAX_ID = 36;
    static final int MAX_KERNEL_ID = 64;
    static final int MAX_NAME = 64;
    static final int MAX_KEY = 64;
    static final int MAX_EMAIL = 128;
    static final int MAX_IMAGE = 512;
    static final int MAX_TEXT = 128;
    static final int MAX_REASON = 2000;
    static final int MAX_LONG_TEXT = Columns.MAX_LIST_CHARS;

    private static final Lists.Sorting SORTING = new Lists.Sorting(
            Map.of("created_at", "createdAt", "name", "name", "status", "status"), "createdAt", "id");

    private static final List<String> LIVE = names(EnumSet.complementOf(EnumSet.copyOf(SessionStatus.FINAL)));
    private static final List<String> ACTIVE = names(SessionStatus.ACTIVE);

    private static final String UPDATE = "UPDATE SessionEntity s SET s.name = :name, s.accessKey = :accessKey,"
            + " s.userId = :userId, s.ownerEmail = :ownerEmail, s.projectId = :projectId, s.domain = :domain,"
            + " s.resourceGroup = :resourceGroup, s.type = :type, s.image = :image,"
            + " s.architecture = :architecture, s.clusterSize = :clusterSize, s.clusterMode = :clusterMode,"
            + " s.slotsPerContainer = :slotsPerContainer, s.requestedSlots = :requestedSlots,"
            + " s.environment = :environment, s.mounts = :mounts, s.startupCommand = :startupCommand,"
            + " s.priority = :priority, s.dependencies = :dependencies, s.startsAt = :startsAt, s.sudo = :sudo,"
            + " s.status = :status, s.statusReason = :statusReason, s.statusChangedAt = :statusChangedAt,"
            + " s.pendingReasons = :pendingReasons, s.retries = :retries, s.createdAt = :createdAt,"
            + " s.terminatedAt = :terminatedAt, s.lastActivity = :lastActivity, s.version = :version,"
            + " s.kernelCount = :kernelCount";
    /** Appended to {@link #UPDATE} when the update appends to the history. */
    private static final String NEXT_SEQ = ", s.historySeq = s.historySeq + 1";
    private static final String ON_VERSION = " WHERE s.id = :id AND s.version = :expected";
    /** The stored kernels are as many as the session lists. */
    private static final String SAME_KERNEL_COUNT = " AND s.kernelCount = :kernelCount";
    private static final String UPDATE_KERNEL = "UPDATE KernelEntity k SET k.kernelIndex = :kernelIndex,"
            + " k.agentId = :agentId, k.containerId = :containerId, k.status = :status,"
            + " k.statusReason = :statusReason, k.slots = :slots, k.exitCode = :exitCode, k.logTail = :logTail,"
            + " k.createdAt = :createdAt, k.terminatedAt = :terminatedAt WHERE k.id = :id"
            + " AND k.sessionId = :sessionId";
    private static final String DELETE_KERNELS = "DELETE FROM KernelEntity k WHERE k.sessionId = :sessionId";
    /**
     * Native: the history row with the seq that the compare-and-set {@code UPDATE} has just taken (the
     * parameters typed for Derby, which does not type a bare parameter in a select list); {@code %s} is the
     * reason, a parameter or {@code NULL}.
     */
    private static final String APPEND_HISTORY = "INSERT INTO session_history (session_id, seq, status, reason,"
            + " changed_at) SELECT id, history_seq - 1, CAST(?1 AS VARCHAR(16)), CAST(%s AS VARCHAR("
            + MAX_REASON + ")), CAST(?2 AS TIMESTAMP) FROM sessions WHERE id = ?3";
    private static final String HISTORY = "SELECT h FROM SessionHistoryEntity h WHERE h.sessionId = :sessionId"
            + " ORDER BY h.seq";
    private static final String KERNELS_OF = "SELECT k FROM KernelEntity k WHERE k.sessionId IN :ids";
    /** The kernels of the group's pending sessions, joined rather than listed by id. */
    private static final String KERNELS_OF_PENDING = "SELECT k FROM KernelEntity k, SessionEntity e"
            + " WHERE k.sessionId = e.id AND e.status = :status AND e.resourceGroup = :group";
    /** Restricts {@link #KERNELS_OF_PENDING} to the sessions up to the last one read (oldest first). */
    private static final String UP_TO = " AND (e.createdAt < :at OR (e.createdAt = :at AND e.id <= :last))";
    private static final String SESSION_OF_KERNEL = "SELECT k.sessionId FROM KernelEntity k WHERE k.id = :id";
    private static final String OLDEST_FIRST = " ORDER BY e.createdAt, e.id";
    private static final String PENDING = "SELECT e FROM SessionEntity e WHERE e.status = :status"
            + " AND e.resourceGroup = :group" + OLDEST_FIRST;
    private static final String GROUPS_WITH_PENDING = "SELECT DISTINCT e.resourceGroup FROM SessionEntity e"
            + " WHERE e.status = :status ORDER BY e.resourceGroup";
    private static final String LIVE_LOAD = "SELECT e.id, e.accessKey, e.userId, e.projectId, e.domain,"
            + " e.resourceGroup, e.status, e.requestedSlots, e.createdAt FROM SessionEntity e"
            + " WHERE e.status IN :statuses" + OLDEST_FIRST;
    private static final String NOT_FINAL = "SELECT e FROM SessionEntity e WHERE e.status IN :statuses"
            + OLDEST_FIRST;
    private static final String WITH_KERNELS_ON = "SELECT e FROM SessionEntity e WHERE e.status IN :statuses"
            + " AND EXISTS (SELECT k.id FROM KernelEntity k WHERE k.sessionId = e.id AND k.agentId = :agent"
            + " AND k.status IN :kernelStatuses)" + OLDEST_FIRST;
    private static final String STATUSES = "SELECT e.id, e.status FROM SessionEntity e WHERE e.id IN :ids";
    private static final String COUNT_BY_ACCESS_KEY = "SELECT COUNT(e) FROM SessionEntity e"
            + " WHERE e.accessKey = :accessKey";

    private static final Comparator<Kernel> KERNEL_ORDER = Comparator.comparingInt(Kernel::index)
            .thenComparing(Kernel::id);

    private final JpaUnitOfWork tx;

    JpaSessionRepository(JpaUnitOfWork tx) {
        this.tx = tx;
    }

    @Override
    public void insert(Session session, StatusChange first) {
        SessionEntity e = new SessionEntity(Columns.checkLength(session.id(), MAX_ID, "id"));
        copy(session, e);
        e.version = session.version();
        e.historySeq = first == null ? 0 : 1;
        e.kernelCount = session.kernels().size();
        List<KernelEntity> kernels = kernelEntities(session);
        tx.write("id", em -> {
            // the session row first: no mapped relationship orders the inserts
            em.persist(e);
            em.flush();
            em.detach(e);
            for (KernelEntity k : kernels) {
                em.persist(k);
            }
            SessionHistoryEntity h = first == null ? null : history(session.id(), 0, first);
            if (h != null) {
                em.persist(h);
            }
            em.flush();
            kernels.forEach(em::detach);
            if (h != null) {
                em.detach(h);
            }
            return null;
        });
    }

    @Override
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return tx.read(em -> Optional.ofNullable(em.find(SessionEntity.class, id))
                .map(e -> withKernels(em, List.of(e)).get(0)));
    }

    @Override
    public Optional<Session> findByKernel(String kernelId) {
        if (kernelId == null) {
            return Optional.empty();
        }
        return tx.read(em -> em.createQuery(SESSION_OF_KERNEL, String.class).setParameter("id", kernelId)
                .getResultList().stream().findFirst().map(id -> em.find(SessionEntity.class, id))
                .map(e -> withKernels(em, List.of(e)).get(0)));
    }

    /**
     * Writes the session's columns with one compare-and-set statement on the version; when it applied,
     * updates the kernels that are stored (by id), inserts the new ones, deletes stored kernels the session
     * no longer lists, and appends {@code change} to the history.
     *
     * <p>The usual update keeps the kernels the session was created with, so it costs one statement for the
     * session, one per kernel and, with a change, one for the history row: the compare-and-set also requires
     * the stored {@code kernel_count} to equal the number of kernels listed, and when every listed kernel
     * then updates a stored row of the session, they are the same ones and there is nothing to delete or
     * insert. When the count differs, the same statement without that condition decides; when neither
     * applies, the version is stale and nothing is written. The history row takes its seq from
     * {@code history_seq}, which the compare-and-set raises, rather than from the largest seq stored.
     */
    @Override
    public boolean update(Session session, StatusChange change) {
        SessionEntity e = new SessionEntity(session.id());
        copy(session, e);
        e.version = session.version();
        e.kernelCount = session.kernels().size();
        List<KernelEntity> kernels = kernelEntities(session);
        SessionHistoryEntity h = change == null ? null : history(session.id(), 0, change);
        String set = change == null ? UPDATE : UPDATE + NEXT_SEQ;
        return tx.write("id", em -> {
            long expected = session.version() - 1;
            boolean sameCount = bindSession(em.createQuery(set + ON_VERSION + SAME_KERNEL_COUNT), e)
                    .setParameter("expected", expected).executeUpdate() == 1;
            if (!sameCount && bindSession(em.createQuery(set + ON_VERSION), e).setParameter("expected", expected)
                    .executeUpdate() == 0) {
                return false;
            }
            List<KernelEntity> added = new ArrayList<>();
            for (KernelEntity k : kernels) {
                if (bindKernel(em.createQuery(UPDATE_KERNEL), k).executeUpdate() == 0) {
                    added.add(k);
                }
            }
            if (!sameCount || !added.isEmpty()) {
                Query delete = em.createQuery(kernels.isEmpty() ? DELETE_KERNELS : DELETE_KERNELS
                        + " AND k.id NOT IN :ids").setParameter("sessionId", session.id());
                if (!kernels.isEmpty()) {
                    delete.setParameter("ids", kernels.stream().map(k -> k.id).toList());
                }
                delete.executeUpdate();
                added.forEach(em::persist);
                em.flush();
                added.forEach(em::detach);
            }
            if (h != null) {
                Query append = em.createNativeQuery(String.format(Locale.ROOT, APPEND_HISTORY,
                        h.reason == null ? "NULL" : "?4")).setParameter(1, h.status).setParameter(2, h.changedAt)
                        .setParameter(3, h.sessionId);
                if (h.reason != null) {
                    append.setParameter(4, h.reason);
                }
                append.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public List<StatusChange> history(String sessionId) {
        if (sessionId == null) {
            return List.of();
        }
        return tx.read(em -> em.createQuery(HISTORY, SessionHistoryEntity.class).setParameter("sessionId", sessionId)
                .getResultList().stream().map(h -> {
                    em.detach(h);
                    return new StatusChange(status(h.status), h.reason, Columns.instant(h.changedAt));
                }).toList());
    }

    /**
     * Sessions matching the query (an empty status set matches any status), sorted by {@code created_at}
     * newest first when the page names no sort key, else by {@code created_at}, {@code name} or
     * {@code status} in the page's direction; then by id.
     */
    @Override
    public Page<Session> list(SessionQuery query, PageRequest page) {
        SessionQuery q = query == null ? SessionQuery.ALL : query;
        PageRequest p = page.orderBy() == null
                ? new PageRequest(page.offset(), page.limit(), "created_at", true) : page;
        return tx.read(em -> Lists.page(em, SessionEntity.class, where -> filter(where, q), SORTING, p,
                rows -> withKernels(em, rows)));
    }

    /** Oldest first (then by id), {@value #CHUNK} sessions per query, each chunk read before it is handed out. */
    @Override
    public void forEach(SessionQuery query, Consumer<Session> each) {
        SessionQuery q = query == null ? SessionQuery.ALL : query;
        Session last = null;
        while (true) {
            Session after = last;
            List<Session> chunk = tx.read(em -> {
                Lists.Where where = new Lists.Where();
                filter(where, q);
                if (after != null) {
                    Timestamp at = Columns.timestamp(after.createdAt());
                    where.add("(e.createdAt > " + where.param(at) + " OR (e.createdAt = " + where.param(at)
                            + " AND e.id > " + where.param(after.id()) + "))");
                }
                List<SessionEntity> rows = where.bind(em.createQuery("SELECT e FROM SessionEntity e"
                        + where.jpql() + OLDEST_FIRST, SessionEntity.class)).setMaxResults(CHUNK).getResultList();
                return withKernels(em, rows);
            });
            chunk.forEach(each);
            if (chunk.size() < CHUNK) {
                return;
            }
            last = chunk.get(chunk.size() - 1);
        }
    }

    @Override
    public List<Session> pending(String resourceGroup, int limit) {
        if (resourceGroup == null || limit <= 0) {
            return List.of();
        }
        return tx.read(em -> {
            List<SessionEntity> rows = em.createQuery(PENDING, SessionEntity.class)
                    .setParameter("status", SessionStatus.PENDING.name()).setParameter("group", resourceGroup)
                    .setMaxResults(limit).getResultList();
            if (rows.isEmpty()) {
                return List.of();
            }
            rows.forEach(em::detach);
            SessionEntity last = rows.get(rows.size() - 1);
            TypedQuery<KernelEntity> q = em.createQuery(rows.size() < limit ? KERNELS_OF_PENDING
                    : KERNELS_OF_PENDING + UP_TO, KernelEntity.class)
                    .setParameter("status", SessionStatus.PENDING.name()).setParameter("group", resourceGroup);
            if (rows.size() >= limit) {
                q.setParameter("at", last.createdAt).setParameter("last", last.id);
            }
            Map<String, List<Kernel>> kernels = new HashMap<>();
            collect(em, q.getResultList(), kernels);
            // a session no longer pending by now is read by id (and a session without kernels costs a query)
            List<String> missing = rows.stream().map(e -> e.id).filter(id -> !kernels.containsKey(id)).toList();
            readKernels(em, missing, kernels);
            return records(rows, kernels);
        });
    }

    @Override
    public List<String> groupsWithPending() {
        return tx.read(em -> em.createQuery(GROUPS_WITH_PENDING, String.class)
                .setParameter("status", SessionStatus.PENDING.name()).getResultList());
    }

    /** Oldest first. */
    @Override
    public List<SessionLoad> live() {
        return tx.read(em -> em.createQuery(LIVE_LOAD, Object[].class).setParameter("statuses", LIVE)
                .getResultList().stream().map(r -> new SessionLoad((String) r[0], (String) r[1], (String) r[2],
                        (String) r[3], (String) r[4], (String) r[5], status((String) r[6]),
                        Columns.slots((String) r[7]), Columns.instant((Timestamp) r[8]))).toList());
    }

    /** Oldest first. */
    @Override
    public List<Session> notFinal(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return tx.read(em -> withKernels(em, em.createQuery(NOT_FINAL, SessionEntity.class)
                .setParameter("statuses", LIVE).setMaxResults(limit).getResultList()));
    }

    /**
     * Sessions that hold resources (SCHEDULED … TERMINATING) with a kernel on the agent that holds them
     * too; oldest first.
     */
    @Override
    public List<Session> withKernelsOn(String agentId) {
        if (agentId == null) {
            return List.of();
        }
        return tx.read(em -> withKernels(em, em.createQuery(WITH_KERNELS_ON, SessionEntity.class)
                .setParameter("statuses", ACTIVE).setParameter("agent", agentId)
                .setParameter("kernelStatuses", ACTIVE).getResultList()));
    }

    @Override
    public Map<String, SessionStatus> statuses(Collection<String> ids) {
        List<String> distinct = ids == null ? List.of()
                : List.copyOf(new LinkedHashSet<>(ids.stream().filter(Objects::nonNull).toList()));
        if (distinct.isEmpty()) {
            return Map.of();
        }
        return tx.read(em -> {
            Map<String, SessionStatus> out = new HashMap<>();
            for (int i = 0; i < distinct.size(); i += CHUNK) {
                List<String> part = distinct.subList(i, Math.min(distinct.size(), i + CHUNK));
                for (Object[] r : em.createQuery(STATUSES, Object[].class).setParameter("ids", part)
                        .getResultList()) {
                    out.put((String) r[0], status((String) r[1]));
                }
            }
            return Map.copyOf(out);
        });
    }

    @Override
    public long countByAccessKey(String accessKey) {
        if (accessKey == null) {
            return 0;
        }
        return tx.read(em -> em.createQuery(COUNT_BY_ACCESS_KEY, Long.class).setParameter("accessKey", accessKey)
                .getSingleResult());
    }

    // ------------------------------------------------------------------ queries

    private static void filter(Lists.Where where, SessionQuery q) {
        if (!q.statuses().isEmpty()) {
            where.in("status", names(q.statuses()));
        }
        if (q.accessKey() != null) {
            where.equal("accessKey", q.accessKey());
        }
        if (q.ownerEmail() != null) {
            where.equal("ownerEmail", q.ownerEmail());
        }
        if (q.projectId() != null) {
            where.equal("projectId", q.projectId());
        }
        if (q.domain() != null) {
            where.equal("domain", q.domain());
        }
        if (q.resourceGroup() != null) {
            where.equal("resourceGroup", q.resourceGroup());
        }
        if (q.agentId() != null) {
            where.add("EXISTS (SELECT k.id FROM KernelEntity k WHERE k.sessionId = e.id AND k.agentId = "
                    + where.param(q.agentId()) + ")");
        }
        if (q.type() != null) {
            where.equal("type", q.type().name());
        }
        if (Columns.given(q.name())) {
            where.contains("name", q.name());
        }
        if (q.createdFrom() != null) {
            where.add("e.createdAt >= " + where.param(Columns.timestamp(q.createdFrom())));
        }
        if (q.createdTo() != null) {
            where.add("e.createdAt < " + where.param(Columns.timestamp(q.createdTo())));
        }
    }

    /**
     * The records of {@code rows} in their order, each with its kernels, which are read with one query per
     * {@value #CHUNK} sessions. Detaches every entity it reads.
     */
    private static List<Session> withKernels(EntityManager em, List<SessionEntity> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        rows.forEach(em::detach);
        Map<String, List<Kernel>> kernels = new HashMap<>();
        readKernels(em, rows.stream().map(e -> e.id).toList(), kernels);
        return records(rows, kernels);
    }

    /** Adds the kernels of the sessions {@code ids} to {@code into}, one query per {@value #CHUNK} ids. */
    private static void readKernels(EntityManager em, List<String> ids, Map<String, List<Kernel>> into) {
        for (int i = 0; i < ids.size(); i += CHUNK) {
            collect(em, em.createQuery(KERNELS_OF, KernelEntity.class)
                    .setParameter("ids", ids.subList(i, Math.min(ids.size(), i + CHUNK))).getResultList(), into);
        }
    }

    /** Detaches the kernel rows and adds their records to {@code into} by session. */
    private static void collect(EntityManager em, List<KernelEntity> rows, Map<String, List<Kernel>> into) {
        for (KernelEntity k : rows) {
            em.detach(k);
            into.computeIfAbsent(k.sessionId, s -> new ArrayList<>()).add(kernel(k));
        }
    }

    /** The records of {@code rows} in their order, each with its kernels of {@code kernels} ordered by index. */
    private static List<Session> records(List<SessionEntity> rows, Map<String, List<Kernel>> kernels) {
        List<Session> out = new ArrayList<>(rows.size());
        for (SessionEntity e : rows) {
            List<Kernel> ks = kernels.getOrDefault(e.id, List.of());
            if (ks.size() > 1) {
                ks.sort(KERNEL_ORDER);
            }
            out.add(record(e, ks));
        }
        return out;
    }

    private static Query bindSession(Query q, SessionEntity e) {
        return q.setParameter("name", e.name).setParameter("accessKey", e.accessKey)
                .setParameter("userId", e.userId).setParameter("ownerEmail", e.ownerEmail)
                .setParameter("projectId", e.projectId).setParameter("domain", e.domain)
                .setParameter("resourceGroup", e.resourceGroup).setParameter("type", e.type)
                .setParameter("image", e.image).setParameter("architecture", e.architecture)
                .setParameter("clusterSize", e.clusterSize).setParameter("clusterMode", e.clusterMode)
                .setParameter("slotsPerContainer", e.slotsPerContainer)
                .setParameter("requestedSlots", e.requestedSlots).setParameter("environment", e.environment)
                .setParameter("mounts", e.mounts).setParameter("startupCommand", e.startupCommand)
                .setParameter("priority", e.priority).setParameter("dependencies", e.dependencies)
                .setParameter("startsAt", e.startsAt).setParameter("sudo", e.sudo)
                .setParameter("status", e.status).setParameter("statusReason", e.statusReason)
                .setParameter("statusChangedAt", e.statusChangedAt)
                .setParameter("pendingReasons", e.pendingReasons).setParameter("retries", e.retries)
                .setParameter("createdAt", e.createdAt).setParameter("terminatedAt", e.terminatedAt)
                .setParameter("lastActivity", e.lastActivity).setParameter("version", e.version)
                .setParameter("kernelCount", e.kernelCount).setParameter("id", e.id);
    }

    private static Query bindKernel(Query q, KernelEntity k) {
        return q.setParameter("kernelIndex", k.kernelIndex).setParameter("agentId", k.agentId)
                .setParameter("containerId", k.containerId).setParameter("status", k.status)
                .setParameter("statusReason", k.statusReason).setParameter("slots", k.slots)
                .setParameter("exitCode", k.exitCode).setParameter("logTail", k.logTail)
                .setParameter("createdAt", k.createdAt).setParameter("terminatedAt", k.terminatedAt)
                .setParameter("id", k.id).setParameter("sessionId", k.sessionId);
    }

    // ------------------------------------------------------------------ conversions

    private static void copy(Session s, SessionEntity e) {
        e.name = Columns.checkLength(s.name(), MAX_NAME, "name");
        e.accessKey = Columns.checkLength(s.accessKey(), MAX_KEY, "access_key");
        e.userId = Columns.checkLength(s.userId(), MAX_KEY, "user_id");
        e.ownerEmail = Columns.checkLength(s.ownerEmail(), MAX_EMAIL, "owner_email");
        e.projectId = Columns.checkLength(s.projectId(), MAX_KEY, "project_id");
        e.domain = Columns.checkLength(s.domain(), MAX_KEY, "domain");
        e.resourceGroup = Columns.checkLength(s.resourceGroup(), MAX_KEY, "resource_group");
        e.type = Objects.requireNonNull(s.type(), "type").name();
        e.image = Columns.checkLength(s.image(), MAX_IMAGE, "image");
        e.architecture = Columns.checkLength(s.architecture(), MAX_TEXT, "architecture");
        e.clusterSize = s.clusterSize();
        e.clusterMode = Objects.requireNonNull(s.clusterMode(), "cluster_mode").name();
        e.slotsPerContainer = Columns.slotsText(s.slotsPerContainer(), "slots_per_container");
        e.requestedSlots = Columns.slotsText(s.requested(), "requested_slots");
        e.environment = Columns.stringMapText(s.environment(), MAX_LONG_TEXT, "environment");
        e.mounts = Columns.stringListText(s.mounts(), MAX_LONG_TEXT, "mounts");
        e.startupCommand = Columns.checkLength(s.startupCommand(), MAX_LONG_TEXT, "startup_command");
        e.priority = s.priority();
        e.dependencies = Columns.stringListText(s.dependencies(), MAX_LONG_TEXT, "dependencies");
        e.startsAt = Columns.timestamp(s.startsAt());
        e.sudo = s.sudo();
        e.status = Objects.requireNonNull(s.status(), "status").name();
        e.statusReason = Columns.head(s.statusReason(), MAX_REASON);
        e.statusChangedAt = Columns.timestamp(s.statusChangedAt());
        e.pendingReasons = reasonsText(s.pendingReasons());
        e.retries = s.retries();
        e.createdAt = Columns.timestamp(s.createdAt());
        e.terminatedAt = Columns.timestamp(s.terminatedAt());
        e.lastActivity = Columns.timestamp(s.lastActivity());
    }

    /** The JSON list of reasons, each cut to {@link #MAX_REASON}, and the last ones dropped until it fits. */
    private static String reasonsText(List<String> reasons) {
        List<String> cut = new ArrayList<>(reasons.stream().map(r -> Columns.head(r, MAX_REASON)).toList());
        while (true) {
            String text = Columns.stringListText(cut, Integer.MAX_VALUE, "pending_reasons");
            if (text.length() <= MAX_LONG_TEXT) {
                return text;
            }
            cut.remove(cut.size() - 1);
        }
    }

    /** The session's kernels as entities of its id (whatever session id the kernel records name). */
    private static List<KernelEntity> kernelEntities(Session s) {
        List<KernelEntity> out = new ArrayList<>(s.kernels().size());
        Set<String> seen = new LinkedHashSet<>();
        for (Kernel k : s.kernels()) {
            KernelEntity e = new KernelEntity(Columns.checkLength(Objects.requireNonNull(k.id(), "kernels.id"),
                    MAX_KERNEL_ID, "kernels.id"));
            if (!seen.add(k.id())) {
                throw new IllegalArgumentException("session " + s.id() + " lists kernel " + k.id() + " twice");
            }
            e.sessionId = s.id();
            e.kernelIndex = k.index();
            e.agentId = Columns.checkLength(k.agentId(), MAX_KEY, "kernels.agent_id");
            e.containerId = Columns.checkLength(k.containerId(), MAX_TEXT, "kernels.container_id");
            e.status = Objects.requireNonNull(k.status(), "kernels.status").name();
            e.statusReason = Columns.head(k.statusReason(), MAX_REASON);
            e.slots = Columns.slotsText(k.slots(), "kernels.slots");
            e.exitCode = k.exitCode();
            e.logTail = Columns.tail(k.logTail(), MAX_LONG_TEXT);
            e.createdAt = Columns.timestamp(k.createdAt());
            e.terminatedAt = Columns.timestamp(k.terminatedAt());
            out.add(e);
        }
        return out;
    }

    private static SessionHistoryEntity history(String sessionId, int seq, StatusChange c) {
        SessionHistoryEntity h = new SessionHistoryEntity(sessionId, seq);
        h.status = Objects.requireNonNull(c.status(), "status").name();
        h.reason = Columns.head(c.reason(), MAX_REASON);
        h.changedAt = Columns.timestamp(Objects.requireNonNull(c.at(), "at"));
        return h;
    }

    private static Session record(SessionEntity e, List<Kernel> kernels) {
        return new Session(e.id, e.name, e.accessKey, e.userId, e.ownerEmail, e.projectId, e.domain,
                e.resourceGroup, constant(SessionType.class, e.type), e.image, e.architecture, e.clusterSize,
                constant(ClusterMode.class, e.clusterMode), Columns.slots(e.slotsPerContainer),
                Columns.slots(e.requestedSlots), Columns.stringMap(e.environment), Columns.stringList(e.mounts),
                e.startupCommand, e.priority, Columns.stringList(e.dependencies), Columns.instant(e.startsAt),
                e.sudo, status(e.status), e.statusReason, Columns.instant(e.statusChangedAt),
                Columns.stringList(e.pendingReasons), e.retries, Columns.instant(e.createdAt),
                Columns.instant(e.terminatedAt), Columns.instant(e.lastActivity), e.version, kernels);
    }

    private static Kernel kernel(KernelEntity k) {
        return new Kernel(k.id, k.sessionId, k.kernelIndex, k.agentId, k.containerId, status(k.status),
                k.statusReason, Columns.slots(k.slots), k.exitCode, k.logTail, Columns.instant(k.createdAt),
                Columns.instant(k.terminatedAt));
    }

    private static SessionStatus status(String name) {
        return constant(SessionStatus.class, name);
    }

    private static <T extends Enum<T>> T constant(Class<T> type, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (RuntimeException e) {
            throw new IllegalStateException("a stored " + type.getSimpleName() + " is unknown: '" + name + "'", e);
        }
    }

    private static List<String> names(Collection<SessionStatus> statuses) {
        return statuses.stream().map(SessionStatus::name).sorted().toList();
    }
}
