package io.berth.rest.internal;

import io.berth.core.identity.Domain;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Page;
import io.berth.core.identity.Project;
import io.berth.core.identity.User;
import io.berth.core.identity.UserDetail;
import java.time.Instant;
import java.util.List;

/** JSON views of the domain records (snake_case on the wire). Secrets appear only where stated. */
final class Views {
    private Views() {
    }

    static String time(Instant i) {
        return i == null ? null : i.toString();
    }

    /** Every list answers with its items and paging. */
    record PageView<T>(List<T> items, long total, int offset, int limit) {
        static <A, B> PageView<B> of(Page<A> page, java.util.function.Function<A, B> f) {
            return new PageView<>(page.items().stream().map(f).toList(), page.total(), page.offset(), page.limit());
        }
    }

    record DomainView(String name, String description, boolean isActive, List<String> allowedVfolderHosts,
            List<String> allowedDockerRegistries, String createdAt, String modifiedAt) {
        static DomainView of(Domain d) {
            return new DomainView(d.name(), d.description(), d.active(), d.allowedVfolderHosts(),
                    d.allowedDockerRegistries(), time(d.createdAt()), time(d.modifiedAt()));
        }
    }

    record ProjectView(String id, String domainName, String name, String description, boolean isActive, String type,
            List<String> allowedVfolderHosts, List<String> allowedDockerRegistries, String resourcePolicy,
            String createdAt, String modifiedAt) {
        static ProjectView of(Project p) {
            return new ProjectView(p.id(), p.domainName(), p.name(), p.description(), p.active(), p.type().wire(),
                    p.allowedVfolderHosts(), p.allowedDockerRegistries(), p.resourcePolicy(), time(p.createdAt()),
                    time(p.modifiedAt()));
        }
    }

    /** {@code user_id} is the owner's e-mail (Backend.AI's user id), {@code user_uuid} its internal id. */
    record KeyPairView(String accessKey, String secretKey, String userId, String userUuid, boolean isActive,
            boolean isAdmin, String resourcePolicy, int rateLimit, String createdAt, String lastUsed, long numQueries) {
        /** Without the secret. */
        static KeyPairView of(KeyPair k, String ownerEmail) {
            return of(k, null, ownerEmail);
        }

        /** With the secret: only in the answer to its creation. */
        static KeyPairView withSecret(KeyPair k, String ownerEmail) {
            return of(k, k.secretKey(), ownerEmail);
        }

        private static KeyPairView of(KeyPair k, String secret, String ownerEmail) {
            return new KeyPairView(k.accessKey(), secret, ownerEmail, k.userId(), k.active(), k.admin(),
                    k.resourcePolicy(), k.rateLimit(), time(k.createdAt()), time(k.lastUsed()), k.numQueries());
        }
    }

    record UserView(String uuid, String email, String username, String fullName, String description,
            String domainName, String role, String status, boolean needPasswordChange, boolean sudoSessionEnabled,
            String mainAccessKey, String createdAt, String modifiedAt) {
        static UserView of(User u) {
            return new UserView(u.id(), u.email(), u.username(), u.fullName(), u.description(), u.domainName(),
                    u.role().wire(), u.status().wire(), u.needPasswordChange(), u.sudoSessionEnabled(),
                    u.mainAccessKey(), time(u.createdAt()), time(u.modifiedAt()));
        }
    }

    record ProjectRef(String id, String name, String type) {
    }

    /** SPEC U4: the user with its domain, projects and keypairs. */
    record UserDetailView(String uuid, String email, String username, String fullName, String description,
            String domainName, String role, String status, boolean needPasswordChange, boolean sudoSessionEnabled,
            String mainAccessKey, String createdAt, String modifiedAt, DomainView domain, List<ProjectRef> projects,
            List<KeyPairView> keypairs, String notice) {
        static UserDetailView of(UserDetail d, boolean own) {
            User u = d.user();
            String notice = own && u.needPasswordChange()
                    ? "Your administrator asks you to change your password." : null;
            return new UserDetailView(u.id(), u.email(), u.username(), u.fullName(), u.description(), u.domainName(),
                    u.role().wire(), u.status().wire(), u.needPasswordChange(), u.sudoSessionEnabled(),
                    u.mainAccessKey(), time(u.createdAt()), time(u.modifiedAt()), DomainView.of(d.domain()),
                    d.projects().stream().map(p -> new ProjectRef(p.id(), p.name(), p.type().wire())).toList(),
                    d.keyPairs().stream().map(k -> KeyPairView.of(k, u.email())).toList(), notice);
        }
    }

    /** The answer to user creation: the user and its first keypair with the secret (shown once). */
    record CreatedUserView(UserDetailView user, KeyPairView keypair) {
    }
}
