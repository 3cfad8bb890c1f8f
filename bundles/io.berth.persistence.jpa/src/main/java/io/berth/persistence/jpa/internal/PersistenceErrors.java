package io.berth.persistence.jpa.internal;

import io.berth.core.error.BerthException;
import io.berth.core.error.ConflictException;
import io.berth.core.error.NotFoundException;
import io.berth.core.error.ValidationException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import javax.persistence.EntityExistsException;

/**
 * Turns constraint violations reported by the database into {@link ConflictException}s that name the
 * offending field, so that a race between two inserts reads like the check core makes beforehand. A few
 * foreign keys whose referring row comes from the caller's input (an agent's resource group, the target
 * of a resource group association) read as {@link ValidationException}, and a missing resource group of
 * an association as {@link NotFoundException}, when the referred-to row is missing.
 * The constraint names are those of the migration scripts; Derby and PostgreSQL both quote the violated
 * constraint's name in the message, and both use SQL states 23505 (unique) and 23503 (foreign key).
 *
 * <p>A foreign key is violated from either side: a row refers to a missing key (insert or update of the
 * referring row), or a row still referred to is deleted. Both databases say {@code ... delete on table}
 * in the second case only (Derby: {@code DELETE on table 'X' caused a violation ...}, PostgreSQL:
 * {@code update or delete on table "x" violates ...}); a constraint with an "in use" message gets that
 * one there.
 */
final class PersistenceErrors {
    private static final String UNIQUE = "23505";
    private static final String FOREIGN_KEY = "23503";
    /** In a foreign key violation's message (lower case): the referred-to row was being deleted. */
    private static final String DELETE_SIDE = "delete on table";

    /** Which exception a violation becomes. */
    private enum Kind {
        CONFLICT, VALIDATION, NOT_FOUND
    }

    /**
     * Violated constraint (lower case) → field and message; {@code inUse}, when not null, is the message for
     * deleting a row that the foreign key still refers to (always a conflict); {@code kind} is the
     * exception for every other violation of the constraint.
     */
    private record Meaning(String field, String message, String inUse, Kind kind) {
        Meaning(String field, String message) {
            this(field, message, null, Kind.CONFLICT);
        }

        Meaning(String field, String message, String inUse) {
            this(field, message, inUse, Kind.CONFLICT);
        }
    }

    private static final Map<String, Meaning> CONSTRAINTS = Map.ofEntries(
            Map.entry("pk_domains", new Meaning("name", "a domain with this name already exists")),
            Map.entry("pk_projects", new Meaning("id", "a project with this id already exists")),
            Map.entry("uq_projects_domain_name",
                    new Meaning("name", "the domain already has a project with this name")),
            Map.entry("fk_projects_domain", new Meaning("domain_name", "the project's domain does not exist")),
            Map.entry("pk_users", new Meaning("id", "a user with this id already exists")),
            Map.entry("uq_users_email", new Meaning("email", "a user with this email already exists")),
            Map.entry("uq_users_username", new Meaning("username", "a user with this username already exists")),
            Map.entry("fk_users_domain", new Meaning("domain_name", "the user's domain does not exist")),
            Map.entry("fk_user_projects_project", new Meaning("projects", "a project of the user does not exist")),
            Map.entry("fk_user_projects_user", new Meaning("id", "the user of a project membership does not exist")),
            Map.entry("pk_user_projects", new Meaning("projects", "the user is already a member of the project")),
            Map.entry("pk_keypairs", new Meaning("access_key", "a keypair with this access key already exists")),
            Map.entry("fk_keypairs_user", new Meaning("user_id", "the keypair's owner does not exist")),
            Map.entry("pk_keypair_resource_policies",
                    new Meaning("name", "a keypair resource policy with this name already exists")),
            Map.entry("pk_user_resource_policies",
                    new Meaning("name", "a user resource policy with this name already exists")),
            Map.entry("pk_project_resource_policies",
                    new Meaning("name", "a project resource policy with this name already exists")),
            Map.entry("pk_resource_presets", new Meaning("name", "a resource preset with this name already exists")),
            Map.entry("pk_system_settings", new Meaning("name", "the setting was stored concurrently")),
            Map.entry("pk_plugin_data", new Meaning("key", "the namespace already has an entry with this key")),
            Map.entry("fk_keypairs_policy", new Meaning("resource_policy",
                    "the keypair's resource policy does not exist",
                    "the keypair resource policy is still used by keypairs")),
            Map.entry("fk_users_policy", new Meaning("resource_policy",
                    "the user's resource policy does not exist",
                    "the user resource policy is still held by users")),
            Map.entry("fk_projects_policy", new Meaning("resource_policy",
                    "the project's resource policy does not exist",
                    "the project resource policy is still held by projects")),
            Map.entry("pk_resource_groups", new Meaning("name", "a resource group with this name already exists")),
            Map.entry("pk_agents", new Meaning("id", "an agent with this id already exists")),
            Map.entry("pk_sessions", new Meaning("id", "a session with this id already exists")),
            Map.entry("pk_kernels", new Meaning("kernels", "a kernel with this id already exists")),
            Map.entry("fk_kernels_session", new Meaning("id", "the kernel's session does not exist")),
            Map.entry("pk_container_registries",
                    new Meaning("hostname", "a container registry with this hostname already exists")),
            Map.entry("pk_images", new Meaning("reference", "an image with this reference already exists")),
            Map.entry("fk_images_registry", new Meaning("registry", "the image's registry does not exist",
                    null, Kind.VALIDATION)),
            Map.entry("pk_storage_volumes",
                    new Meaning("name", "a storage volume with this name already exists")),
            Map.entry("pk_vfolders", new Meaning("id", "a folder with this id already exists")),
            Map.entry("uq_vfolders_owner_name", new Meaning("name", "the owner already has a folder with this name")),
            Map.entry("fk_vfolders_volume", new Meaning("volume", "the folder's volume does not exist",
                    "the storage volume still has folders", Kind.VALIDATION)),
            Map.entry("pk_quota_limits", new Meaning("scope_id", "the quota limit was set concurrently")),
            // the volume side cascades on delete (V9)
            Map.entry("fk_quota_limits_volume", new Meaning("volume", "the quota limit's volume does not exist",
                    null, Kind.NOT_FOUND)),
            Map.entry("pk_session_history", new Meaning("id", "the session's history was appended concurrently")),
            Map.entry("fk_session_history_session", new Meaning("id", "the session does not exist")),
            Map.entry("fk_agents_group", new Meaning("resource_group",
                    "the agent's resource group does not exist",
                    "the resource group still has agents that are not terminated", Kind.VALIDATION)),
            Map.entry("fk_resource_group_domains_group", new Meaning("name", "the resource group does not exist",
                    "the resource group is still available to domains", Kind.NOT_FOUND)),
            Map.entry("fk_resource_group_projects_group", new Meaning("name", "the resource group does not exist",
                    "the resource group is still available to projects", Kind.NOT_FOUND)),
            Map.entry("fk_resource_group_keypairs_group", new Meaning("name", "the resource group does not exist",
                    "the resource group is still available to keypairs", Kind.NOT_FOUND)),
            // the target side cascades on delete (V5): the "in use" messages are for a schema without it
            Map.entry("fk_resource_group_domains_domain", new Meaning("domain_name", "the domain does not exist",
                    "the domain still has resource groups available to it", Kind.VALIDATION)),
            Map.entry("fk_resource_group_projects_project", new Meaning("project_id", "the project does not exist",
                    "the project still has resource groups available to it", Kind.VALIDATION)),
            Map.entry("fk_resource_group_keypairs_keypair", new Meaning("access_key", "the keypair does not exist",
                    "the keypair still has resource groups available to it", Kind.VALIDATION)));

    private PersistenceErrors() {
    }

    /**
     * The exception to throw for {@code e}: a {@link ConflictException} (or, for the constraints so mapped,
     * a {@link ValidationException} or {@link NotFoundException}), with {@code e} as its cause, for
     * constraint violations, otherwise {@code e} itself.
     *
     * @param keyField the field to name when {@code e} says an entity with the same key exists already
     */
    static RuntimeException translate(RuntimeException e, String keyField) {
        if (e instanceof BerthException) {
            return e;
        }
        if (e instanceof EntityExistsException) {
            return conflict("an entry with this " + keyField + " already exists", keyField, e);
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    RuntimeException c = fromSqlException(s, e);
                    if (c != null) {
                        return c;
                    }
                }
            }
        }
        return e;
    }

    private static RuntimeException fromSqlException(SQLException s, RuntimeException original) {
        String state = s.getSQLState();
        if (!UNIQUE.equals(state) && !FOREIGN_KEY.equals(state)) {
            return null;
        }
        String message = s.getMessage() == null ? "" : s.getMessage().toLowerCase(Locale.ROOT);
        String best = null;
        for (String name : CONSTRAINTS.keySet()) {
            if (message.contains(name) && (best == null || name.length() > best.length())) {
                best = name;
            }
        }
        if (best != null) {
            Meaning m = CONSTRAINTS.get(best);
            boolean deleteSide = FOREIGN_KEY.equals(state) && message.contains(DELETE_SIDE);
            if (m.inUse() != null && deleteSide) {
                return conflict(m.inUse(), m.field(), original);
            }
            if (deleteSide || m.kind() == Kind.CONFLICT) {
                return conflict(m.message(), m.field(), original);
            }
            BerthException b = m.kind() == Kind.VALIDATION ? new ValidationException(m.message(), m.field())
                    : new NotFoundException(m.message(), m.field());
            b.initCause(original);
            return b;
        }
        return conflict(UNIQUE.equals(state) ? "the change conflicts with an existing entry"
                : "the change refers to an entry that does not exist", null, original);
    }

    private static ConflictException conflict(String message, String field, Throwable cause) {
        ConflictException c = new ConflictException(message, field);
        c.initCause(cause);
        return c;
    }
}
