package io.berth.persistence.jpa.internal;

import io.berth.core.agent.AgentStatus;
import io.berth.core.error.ValidationException;
import io.berth.core.group.AgentSelection;
import io.berth.core.group.Associations;
import io.berth.core.group.ResourceGroup;
import io.berth.core.group.SchedulerOptions;
import io.berth.core.group.SessionType;
import io.berth.core.repo.ResourceGroupRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;

/**
 * {@link ResourceGroupRepository} over {@code resource_groups} and its three association tables.
 *
 * <p><b>Associations.</b> Reads are scalar JPQL queries and removals bulk {@code DELETE}s, so no
 * association entity ever becomes managed (see {@link ResourceGroupDomainEntity}). Adding one first checks
 * whether it exists (allowing twice leaves one row) and then inserts it with plain JDBC on the transaction's
 * connection inside a savepoint, as {@link JpaPluginDataRepository} does: when a concurrent transaction
 * inserted the same association first, the duplicate key rolls back to the savepoint only and the call is
 * the no-op it would have been a moment later. A missing group or target fails on its foreign key and is
 * translated by {@link PersistenceErrors} ({@link io.berth.core.error.NotFoundException} on {@code name} for
 * the group, {@link ValidationException} on {@code domain_name}, {@code project_id} or {@code access_key} for
 * the target).
 *
 * <p><b>Deleting a group.</b> Agents that are TERMINATED stay listed but must not keep a group from being
 * deleted: {@link #delete} first moves them to the {@link ResourceGroup#DEFAULT default} group (where agents
 * without a group belong), then deletes the group. Agents that are not TERMINATED still refer to it, and the
 * foreign key makes the delete a {@link io.berth.core.error.ConflictException}, also when one registers
 * between core's check and the delete. Associations that were not cleared fail the delete the same way.
 * Deleting the default group itself moves nothing: any agent in it keeps it.
 */
final class JpaResourceGroupRepository extends NamedRows<ResourceGroup, ResourceGroupEntity>
        implements ResourceGroupRepository {
    static final int MAX_DESCRIPTION = 1024;
    static final int MAX_WSPROXY_ADDRESS = 2048;
    static final int MAX_SCHEDULER = 64;
    static final int MAX_SESSION_TYPES = 256;

    private static final String UNIQUE_VIOLATION = "23505";

    /** The three kinds of association: wire kind, JPQL entity, table and target column. */
    private enum Kind {
        DOMAIN("domain", "ResourceGroupDomainEntity", "resource_group_domains", "domain_name"),
        PROJECT("project", "ResourceGroupProjectEntity", "resource_group_projects", "project_id"),
        KEYPAIR("keypair", "ResourceGroupKeyPairEntity", "resource_group_keypairs", "access_key");

        final String wire;
        final String entity;
        final String insert;
        final String exists;
        final String targets;
        final String delete;
        final String deleteAll;

        Kind(String wire, String entity, String table, String column) {
            this.wire = wire;
            this.entity = entity;
            this.insert = "INSERT INTO " + table + " (group_name, " + column + ") VALUES (?, ?)";
            this.exists = "SELECT COUNT(x) FROM " + entity + " x WHERE x.groupName = :group AND x.target = :target";
            this.targets = "SELECT x.target FROM " + entity + " x WHERE x.groupName = :group ORDER BY x.target";
            this.delete = "DELETE FROM " + entity + " x WHERE x.groupName = :group AND x.target = :target";
            this.deleteAll = "DELETE FROM " + entity + " x WHERE x.groupName = :group";
        }

        static Kind of(String wire) {
            for (Kind k : values()) {
                if (k.wire.equals(wire)) {
                    return k;
                }
            }
            throw new ValidationException("kind must be one of: domain, project, keypair", "kind");
        }
    }

    private static final String RELEASE_TERMINATED = "UPDATE AgentEntity a SET a.resourceGroup = :fallback"
            + " WHERE a.resourceGroup = :name AND a.status = '" + AgentStatus.TERMINATED.name() + "'";

    JpaResourceGroupRepository(JpaUnitOfWork tx) {
        super(tx, ResourceGroupEntity.class, "resource group", ResourceGroup::name, ResourceGroupEntity::new,
                JpaResourceGroupRepository::copy, JpaResourceGroupRepository::record);
    }

    /**
     * Deletes the group after moving its TERMINATED agents to the default group, in one transaction; does
     * nothing when there is no group with this name.
     *
     * @throws io.berth.core.error.ConflictException when agents that are not TERMINATED belong to the group
     *         (any agent, for the default group) or it still has associations; nothing is changed then
     */
    @Override
    public void delete(String name) {
        if (name == null) {
            return;
        }
        tx.run(() -> {
            if (!ResourceGroup.DEFAULT.equals(name)) {
                tx.write("name", em -> em.createQuery(RELEASE_TERMINATED)
                        .setParameter("fallback", ResourceGroup.DEFAULT).setParameter("name", name).executeUpdate());
            }
            super.delete(name);
        });
    }

    /** The group's associations, each list sorted; empty lists for an unknown group. */
    @Override
    public Associations associations(String group) {
        if (group == null) {
            return new Associations(List.of(), List.of(), List.of());
        }
        return tx.read(em -> new Associations(targets(em, Kind.DOMAIN, group), targets(em, Kind.PROJECT, group),
                targets(em, Kind.KEYPAIR, group)));
    }

    /**
     * Adds the association when {@code allow} and it is absent; removes it when not {@code allow} and it is
     * present; otherwise does nothing.
     *
     * @throws ValidationException             for an unknown kind or a null group or target (field
     *                                         {@code kind}, {@code name} or {@code target}); for a target
     *                                         that does not exist (its column)
     * @throws io.berth.core.error.NotFoundException when allowing for a group that does not exist
     */
    @Override
    public void associate(String group, String kind, String target, boolean allow) {
        Kind k = Kind.of(kind);
        if (group == null) {
            throw new ValidationException("the resource group is missing", "name");
        }
        if (target == null) {
            throw new ValidationException("the " + k.wire + " is missing", "target");
        }
        tx.write("name", em -> {
            if (!allow) {
                return em.createQuery(k.delete).setParameter("group", group).setParameter("target", target)
                        .executeUpdate();
            }
            long present = em.createQuery(k.exists, Long.class).setParameter("group", group)
                    .setParameter("target", target).getSingleResult();
            if (present == 0) {
                insert(em, k, group, target);
            }
            return null;
        });
    }

    @Override
    public void clearAssociations(String group) {
        if (group == null) {
            return;
        }
        tx.write("name", em -> {
            for (Kind k : Kind.values()) {
                em.createQuery(k.deleteAll).setParameter("group", group).executeUpdate();
            }
            return null;
        });
    }

    /**
     * One query: the names of groups associated with the domain, with any of the projects or with the
     * keypair, distinct and sorted by name. Null (or empty) arguments take no part; none at all is the empty
     * list. Whether a group is active or public plays no part.
     */
    @Override
    public List<String> availableTo(String domain, Collection<String> projectIds, String accessKey) {
        List<String> projects = projectIds == null ? List.of()
                : projectIds.stream().filter(Objects::nonNull).distinct().toList();
        List<String> conditions = new ArrayList<>(3);
        if (domain != null) {
            conditions.add("g.name IN (SELECT d.groupName FROM ResourceGroupDomainEntity d"
                    + " WHERE d.target = :domain)");
        }
        if (!projects.isEmpty()) {
            conditions.add("g.name IN (SELECT p.groupName FROM ResourceGroupProjectEntity p"
                    + " WHERE p.target IN :projects)");
        }
        if (accessKey != null) {
            conditions.add("g.name IN (SELECT k.groupName FROM ResourceGroupKeyPairEntity k"
                    + " WHERE k.target = :accessKey)");
        }
        if (conditions.isEmpty()) {
            return List.of();
        }
        String jpql = "SELECT g.name FROM ResourceGroupEntity g WHERE " + String.join(" OR ", conditions)
                + " ORDER BY g.name";
        return tx.read(em -> {
            var q = em.createQuery(jpql, String.class);
            if (domain != null) {
                q.setParameter("domain", domain);
            }
            if (!projects.isEmpty()) {
                q.setParameter("projects", projects);
            }
            if (accessKey != null) {
                q.setParameter("accessKey", accessKey);
            }
            return List.copyOf(q.getResultList());
        });
    }

    private static List<String> targets(EntityManager em, Kind k, String group) {
        return em.createQuery(k.targets, String.class).setParameter("group", group).getResultList();
    }

    /**
     * Inserts one association inside a savepoint of the transaction's connection; a duplicate key (a
     * concurrent insert won) rolls back to the savepoint and is ignored, any other failure is translated.
     */
    private static void insert(EntityManager em, Kind k, String group, String target) {
        Connection c = em.unwrap(Connection.class);
        if (c == null) {
            throw new IllegalStateException("the persistence provider gave no JDBC connection for the transaction");
        }
        try {
            Savepoint savepoint = c.setSavepoint();
            try (PreparedStatement ps = c.prepareStatement(k.insert)) {
                ps.setString(1, group);
                ps.setString(2, target);
                ps.executeUpdate();
            } catch (SQLException e) {
                c.rollback(savepoint);
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return;
                }
                throw PersistenceErrors.translate(new PersistenceException(e), "name");
            }
            c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw new PersistenceException("cannot insert the association of resource group '" + group + "'", e);
        }
    }

    private static void copy(ResourceGroup g, ResourceGroupEntity e) {
        SchedulerOptions o = Objects.requireNonNull(g.schedulerOptions(), "schedulerOptions");
        e.description = Columns.checkLength(g.description(), MAX_DESCRIPTION, "description");
        e.active = g.active();
        e.publicGroup = g.isPublic();
        e.wsproxyAddress = Columns.checkLength(g.wsproxyAddress(), MAX_WSPROXY_ADDRESS, "wsproxy_address");
        e.scheduler = Columns.checkLength(g.scheduler(), MAX_SCHEDULER, "scheduler");
        e.allowedSessionTypes = Columns.checkLength(sessionTypesText(o.allowedSessionTypes()), MAX_SESSION_TYPES,
                "allowed_session_types");
        e.pendingTimeout = o.pendingTimeout();
        e.retriesToSkip = o.retriesToSkip();
        e.agentSelection = Objects.requireNonNull(o.agentSelection(), "agentSelection").name();
        e.createdAt = Columns.timestamp(g.createdAt());
        e.modifiedAt = Columns.timestamp(g.modifiedAt());
    }

    static ResourceGroup record(ResourceGroupEntity e) {
        return new ResourceGroup(e.name, e.description, e.active, e.publicGroup, e.wsproxyAddress, e.scheduler,
                new SchedulerOptions(sessionTypes(e.allowedSessionTypes), e.pendingTimeout, e.retriesToSkip,
                        agentSelection(e.agentSelection)),
                Columns.instant(e.createdAt), Columns.instant(e.modifiedAt));
    }

    /** Wire names in enum order, comma-joined: {@code interactive,batch}. */
    static String sessionTypesText(Set<SessionType> types) {
        EnumSet<SessionType> sorted = EnumSet.noneOf(SessionType.class);
        sorted.addAll(types);
        return sorted.stream().map(SessionType::wire).collect(Collectors.joining(","));
    }

    static Set<SessionType> sessionTypes(String text) {
        if (text == null || text.isEmpty()) {
            return Set.of();
        }
        try {
            return Set.copyOf(Arrays.stream(text.split(","))
                    .map(w -> SessionType.valueOf(w.toUpperCase(Locale.ROOT))).toList());
        } catch (RuntimeException e) {
            throw new IllegalStateException("stored session types are corrupt: '" + text + "'", e);
        }
    }

    private static AgentSelection agentSelection(String name) {
        try {
            return AgentSelection.valueOf(name);
        } catch (RuntimeException e) {
            throw new IllegalStateException("a stored agent selection is unknown: '" + name + "'", e);
        }
    }
}
