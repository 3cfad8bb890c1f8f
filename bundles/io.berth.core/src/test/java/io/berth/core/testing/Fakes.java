package io.berth.core.testing;

import io.berth.core.identity.Domain;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Project;
import io.berth.core.identity.User;
import java.util.Map;

/** The four fake repositories over one fake unit of work. */
public final class Fakes {
    /** Everything in the fake stores at one moment; equal states mean nothing was written. */
    public record State(Map<String, Domain> domains, Map<String, Project> projects, Map<String, User> users,
            Map<String, KeyPair> keyPairs) {

        /** The keys of rows that differ from {@code other}, table by table; empty when equal. */
        public String diff(State other) {
            StringBuilder b = new StringBuilder();
            diff(b, "domains", domains, other.domains);
            diff(b, "projects", projects, other.projects);
            diff(b, "users", users, other.users);
            diff(b, "keypairs", keyPairs, other.keyPairs);
            return b.toString();
        }

        private static void diff(StringBuilder b, String table, Map<String, ?> a, Map<String, ?> c) {
            java.util.Set<String> keys = new java.util.TreeSet<>(a.keySet());
            keys.addAll(c.keySet());
            for (String k : keys) {
                if (!java.util.Objects.equals(a.get(k), c.get(k))) {
                    b.append(table).append('/').append(k).append(": ").append(a.get(k)).append(" -> ")
                            .append(c.get(k)).append('\n');
                }
            }
        }
    }

    public final FakeUnitOfWork tx = new FakeUnitOfWork();
    public final FakeDomainRepository domains = new FakeDomainRepository(tx);
    public final FakeProjectRepository projects = new FakeProjectRepository(tx);
    public final FakeUserRepository users = new FakeUserRepository(tx);
    public final FakeKeyPairRepository keyPairs = new FakeKeyPairRepository(tx, users);

    public State state() {
        return new State(domains.rows(), projects.rows(), users.rows(), keyPairs.rows());
    }
}
