package io.berth.persistence.jpa.internal;

import io.berth.core.error.NotFoundException;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.User;
import io.berth.core.identity.UserQuery;
import io.berth.core.repo.UserRepository;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.persistence.EntityManager;

/** {@link UserRepository} over {@code users} and the membership table {@code user_projects}. */
final class JpaUserRepository implements UserRepository {
    private static final Lists.Sorting SORTING = new Lists.Sorting(Map.of("email", "email", "username", "username",
            "created_at", "createdAt", "modified_at", "modifiedAt", "role", "role", "status", "status",
            "domain_name", "domainName", "full_name", "fullName"), "createdAt", "id");

    private final JpaUnitOfWork tx;

    JpaUserRepository(JpaUnitOfWork tx) {
        this.tx = tx;
    }

    @Override
    public Optional<User> findById(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return tx.read(em -> Optional.ofNullable(em.find(UserEntity.class, id)).map(JpaUserRepository::record));
    }

    /** Exact match; core stores and looks up e-mail addresses in lower case. */
    @Override
    public Optional<User> findByEmail(String email) {
        return findBy("SELECT u FROM UserEntity u WHERE u.email = :value", email);
    }

    /** Exact, case-sensitive match. */
    @Override
    public Optional<User> findByUsername(String username) {
        return findBy("SELECT u FROM UserEntity u WHERE u.username = :value", username);
    }

    private Optional<User> findBy(String jpql, String value) {
        if (value == null) {
            return Optional.empty();
        }
        return tx.read(em -> {
            return em.createQuery(jpql, UserEntity.class)
                    .setParameter("value", value).getResultList().stream().findFirst()
                    .map(JpaUserRepository::record);
        });
    }

    @Override
    public void insert(User user) {
        tx.write("id", em -> {
            UserEntity e = new UserEntity();
            e.id = user.id();
            copy(user, e);
            em.persist(e);
            return null;
        });
    }

    /**
     * Replaces every column but the id, and the project memberships.
     *
     * @throws NotFoundException when no user has the record's id
     */
    @Override
    public void update(User user) {
        tx.write("id", em -> {
            copy(user, existing(em, user.id()));
            return null;
        });
    }

    @Override
    public Page<User> list(UserQuery query, PageRequest page) {
        UserQuery q = query == null ? new UserQuery(null, null, null, null, null) : query;
        return tx.read(em -> Lists.page(em, UserEntity.class, where -> {
            if (Columns.given(q.email())) {
                where.contains("email", q.email());
            }
            if (Columns.given(q.username())) {
                where.contains("username", q.username());
            }
            if (Columns.given(q.accessKey())) {
                where.contains("mainAccessKey", q.accessKey());
            }
            if (q.statuses() != null && !q.statuses().isEmpty()) {
                where.in("status", q.statuses());
            }
            if (q.domain() != null) {
                where.equal("domainName", q.domain());
            }
        }, SORTING, page, rows -> records(em, rows)));
    }

    @Override
    public long count() {
        return tx.read(em -> em.createQuery("SELECT COUNT(u) FROM UserEntity u", Long.class).getSingleResult());
    }

    private static UserEntity existing(EntityManager em, String id) {
        UserEntity e = id == null ? null : em.find(UserEntity.class, id);
        if (e == null) {
            throw new NotFoundException("no user with id '" + id + "'");
        }
        return e;
    }

    private static void copy(User u, UserEntity e) {
        e.email = u.email();
        e.username = u.username();
        e.fullName = u.fullName();
        e.description = u.description();
        e.passwordHash = u.passwordHash();
        e.domainName = u.domainName();
        e.role = u.role();
        e.status = u.status();
        e.needPasswordChange = u.needPasswordChange();
        e.sudoSessionEnabled = u.sudoSessionEnabled();
        e.mainAccessKey = u.mainAccessKey();
        e.resourcePolicy = u.resourcePolicy();
        e.projectIds.retainAll(u.projectIds());
        e.projectIds.addAll(u.projectIds());
        e.createdAt = Columns.timestamp(u.createdAt());
        e.modifiedAt = Columns.timestamp(u.modifiedAt());
    }

    /** Converts a page of users, loading all their memberships with one query instead of one per user. */
    private static List<User> records(EntityManager em, List<UserEntity> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> ids = rows.stream().map(e -> e.id).toList();
        Map<String, Set<String>> memberships = new HashMap<>();
        // straight from the membership table's primary-key index, without joining users again
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        javax.persistence.Query q = em.createNativeQuery(
                "SELECT user_id, project_id FROM user_projects WHERE user_id IN (" + marks + ")");
        for (int i = 0; i < ids.size(); i++) {
            q.setParameter(i + 1, ids.get(i));
        }
        for (Object row : q.getResultList()) {
            Object[] r = (Object[]) row;
            memberships.computeIfAbsent((String) r[0], k -> new HashSet<>()).add((String) r[1]);
        }
        return rows.stream().map(e -> record(e, memberships.getOrDefault(e.id, Set.of()))).toList();
    }

    static User record(UserEntity e) {
        return record(e, e.projectIds);
    }

    private static User record(UserEntity e, Set<String> projectIds) {
        return new User(e.id, e.email, e.username, e.fullName, e.description, e.passwordHash, e.domainName, e.role,
                e.status, e.needPasswordChange, e.sudoSessionEnabled, e.mainAccessKey, e.resourcePolicy, projectIds,
                Columns.instant(e.createdAt), Columns.instant(e.modifiedAt));
    }
}
