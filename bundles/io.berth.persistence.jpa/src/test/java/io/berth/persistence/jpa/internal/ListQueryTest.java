package io.berth.persistence.jpa.internal;

import static io.berth.persistence.jpa.internal.TestDb.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.Domain;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.KeyPairQuery;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.Project;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.identity.UserQuery;
import io.berth.core.identity.UserStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Filters, paging, totals and sorting of the four lists, over one seeded database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListQueryTest {
    private TestDb db;
    private JpaRepositories r;
    private List<Domain> domains;
    private List<Project> projects;
    private List<User> users;
    private List<KeyPair> keyPairs;

    @BeforeAll
    void seed() {
        db = TestDb.memory();
        r = db.open();
        domains = List.of(
                new Domain("alpha", "A", true, null, List.of(), List.of(), T0, T0.plusSeconds(30)),
                new Domain("beta", "B", false, null, List.of(), List.of(), T0.plusSeconds(10), T0.plusSeconds(20)),
                new Domain("gamma", "G", true, null, List.of(), List.of(), T0.minusSeconds(10), T0.plusSeconds(10)));
        projects = List.of(
                TestDb.project("a-1", "alpha", "web", true, T0.plusSeconds(1)),
                TestDb.project("a-2", "alpha", "ml", true, T0.plusSeconds(2)),
                TestDb.project("a-3", "alpha", "old", false, T0.plusSeconds(3)),
                TestDb.project("b-1", "beta", "web", true, T0));
        users = List.of(
                user("u1", "alice@example.org", "Alice", "alpha", Role.ADMIN, UserStatus.ACTIVE,
                        "AKALICE0000000000001", Set.of("a-1", "a-2"), 1),
                user("u2", "bob@example.org", "bob", "alpha", Role.USER, UserStatus.INACTIVE,
                        "AKBOB000000000000001", Set.of("a-1"), 2),
                user("u3", "a_b@example.net", "under_score", "beta", Role.USER, UserStatus.BEFORE_VERIFICATION,
                        null, Set.of(), 3),
                user("u4", "axb@example.net", "100%sure", "beta", Role.MONITOR, UserStatus.ACTIVE,
                        "AKAXB000000000000001", Set.of("b-1"), 4),
                user("u5", "zed@example.org", "100sure", "alpha", Role.SUPERADMIN, UserStatus.ACTIVE,
                        "AKZED000000000000001", Set.of(), 5));
        keyPairs = List.of(
                keyPair("AKALICE0000000000001", "u1", true, 1, null, 0, 100),
                keyPair("AKALICE0000000000002", "u1", false, 2, T0.plusSeconds(500), 5, 300),
                keyPair("AKBOB000000000000001", "u2", false, 3, T0.plusSeconds(400), 9, 200),
                keyPair("AKAXB000000000000001", "u4", true, 4, null, 0, 200),
                keyPair("AKZED000000000000001", "u5", true, 5, T0.plusSeconds(600), 1, 10));
        r.unitOfWork().run(() -> {
            domains.forEach(r.domains()::insert);
            projects.forEach(r.projects()::insert);
            users.forEach(r.users()::insert);
            keyPairs.forEach(r.keyPairs()::insert);
        });
    }

    @AfterAll
    void close() {
        db.close();
    }

    private static User user(String id, String email, String username, String domain, Role role, UserStatus status,
            String mainKey, Set<String> projects, int minute) {
        Instant created = T0.plusSeconds(60L * minute);
        return new User(id, email, username, "Name " + (char) ('Z' - minute), null, "hash", domain, role, status,
                false, false, mainKey, "default", projects, created, T0.plusSeconds(1000 - minute));
    }

    private static KeyPair keyPair(String ak, String user, boolean active, int minute, Instant lastUsed, long queries,
            int rate) {
        return new KeyPair(ak, "secret-" + ak, user, active, false, "default", rate, T0.plusSeconds(60L * minute),
                lastUsed, queries);
    }

    private static PageRequest all() {
        return PageRequest.first(PageRequest.MAX_LIMIT);
    }

    private static PageRequest sorted(String key, boolean descending) {
        return new PageRequest(0, PageRequest.MAX_LIMIT, key, descending);
    }

    private static UserQuery uq(String email, String username, String accessKey, Set<UserStatus> statuses,
            String domain) {
        return new UserQuery(email, username, accessKey, statuses, domain);
    }

    private List<String> userIds(UserQuery q) {
        return r.users().list(q, all()).items().stream().map(User::id).toList();
    }

    private List<String> keys(KeyPairQuery q) {
        return r.keyPairs().list(q, all()).items().stream().map(KeyPair::accessKey).toList();
    }

    // ------------------------------------------------------------------ users

    @Test
    void userFiltersAreCaseInsensitiveSubstrings() {
        assertEquals(List.of("u1", "u2", "u5"), userIds(uq("EXAMPLE.ORG", null, null, null, null)));
        assertEquals(List.of("u1"), userIds(uq(null, "aLiCe", null, null, null)));
        assertEquals(List.of("u1"), userIds(uq(null, null, "alice", null, null)));
        assertEquals(List.of("u1", "u2", "u4", "u5"), userIds(uq(null, null, "AK", null, null)));
        assertEquals(List.of("u1", "u2", "u3", "u4", "u5"), userIds(uq("", "", "", null, null)));
    }

    @Test
    void likeWildcardsInUserInputAreLiteral() {
        assertEquals(List.of("u3"), userIds(uq("a_b", null, null, null, null)));
        assertEquals(List.of("u4"), userIds(uq(null, "100%", null, null, null)));
        assertEquals(List.of("u3"), userIds(uq(null, "_", null, null, null)));
        assertEquals(List.of(), userIds(uq("%", null, null, null, null)));
        assertEquals(List.of(), userIds(uq("!", null, null, null, null)));
        assertEquals(List.of(), userIds(uq("\\", null, null, null, null)));
    }

    @Test
    void userStatusesNullOrEmptyMeanAll() {
        assertEquals(5, userIds(uq(null, null, null, null, null)).size());
        assertEquals(5, userIds(uq(null, null, null, Set.of(), null)).size());
        assertEquals(List.of("u1", "u4", "u5"), userIds(uq(null, null, null, Set.of(UserStatus.ACTIVE), null)));
        assertEquals(List.of("u2", "u3"), userIds(uq(null, null, null,
                EnumSet.of(UserStatus.INACTIVE, UserStatus.BEFORE_VERIFICATION), null)));
    }

    @Test
    void userDomainRestrictionCombinesWithOtherFilters() {
        assertEquals(List.of("u3", "u4"), userIds(uq(null, null, null, null, "beta")));
        assertEquals(List.of("u1", "u5"), userIds(uq(null, null, null, Set.of(UserStatus.ACTIVE), "alpha")));
        assertEquals(List.of(), userIds(uq(null, null, null, null, "gamma")));
        assertEquals(List.of("u1", "u2", "u3", "u4", "u5"), userIds(null));
    }

    @Test
    void userPagesCarryTheTotalAndMemberships() {
        Page<User> page = r.users().list(uq(null, null, null, null, null), new PageRequest(1, 2, null, false));
        assertEquals(List.of("u2", "u3"), page.items().stream().map(User::id).toList());
        assertEquals(5, page.total());
        assertEquals(1, page.offset());
        assertEquals(2, page.limit());
        assertEquals(users.get(1), page.items().get(0));

        Page<User> past = r.users().list(uq(null, null, null, null, null), new PageRequest(10, 2, null, false));
        assertEquals(List.of(), past.items());
        assertEquals(5, past.total());

        Page<User> last = r.users().list(uq(null, null, null, null, "alpha"), new PageRequest(2, 2, null, true));
        assertEquals(List.of("u1"), last.items().stream().map(User::id).toList());
        assertEquals(3, last.total());
        assertEquals(users, r.users().list(null, all()).items());
    }

    @Test
    void usersSortByEveryWireKeyWithAStableTieBreak() {
        Map<String, Function<User, Comparable<?>>> keys = Map.of("email", User::email, "username", User::username,
                "created_at", User::createdAt, "modified_at", User::modifiedAt, "role", u -> u.role().name(),
                "status", u -> u.status().name(), "domain_name", User::domainName, "full_name", User::fullName);
        assertEquals(UserQuery.SORT_KEYS, keys.keySet());
        keys.forEach((key, f) -> {
            for (boolean desc : new boolean[] {false, true}) {
                Comparator<User> c = comparing(f).thenComparing(User::id);
                List<String> expected = users.stream().sorted(desc ? c.reversed() : c).map(User::id).toList();
                List<String> actual = r.users().list(null, sorted(key, desc)).items().stream().map(User::id).toList();
                assertEquals(expected, actual, key + (desc ? " desc" : " asc"));
            }
        });
        assertThrows(ValidationException.class, () -> r.users().list(null, sorted("password_hash", false)));
    }

    // ------------------------------------------------------------------ keypairs

    @Test
    void keyPairFilters() {
        assertEquals(List.of("AKALICE0000000000001", "AKAXB000000000000001", "AKZED000000000000001"),
                keys(new KeyPairQuery(true, null, null, null, null)));
        assertEquals(List.of("AKALICE0000000000002", "AKBOB000000000000001"),
                keys(new KeyPairQuery(false, null, null, null, null)));
        assertEquals(List.of("AKALICE0000000000001", "AKALICE0000000000002"),
                keys(new KeyPairQuery(null, "u1", null, null, null)));
        assertEquals(List.of("AKALICE0000000000002"), keys(new KeyPairQuery(null, null, "0002", null, null)));
        assertEquals(List.of("AKALICE0000000000001", "AKALICE0000000000002"),
                keys(new KeyPairQuery(null, null, "alice", null, null)));
        assertEquals(List.of(), keys(new KeyPairQuery(null, null, "alice%2", null, null)));
        assertEquals(5, keys(new KeyPairQuery(null, null, null, null, null)).size());
        assertEquals(5, keys(null).size());
    }

    @Test
    void keyPairOwnerFilters() {
        assertEquals(List.of("AKALICE0000000000001", "AKALICE0000000000002", "AKBOB000000000000001",
                "AKZED000000000000001"), keys(new KeyPairQuery(null, null, null, "EXAMPLE.org", null)));
        assertEquals(List.of("AKAXB000000000000001"), keys(new KeyPairQuery(null, null, null, "axb", null)));
        assertEquals(List.of(), keys(new KeyPairQuery(null, null, null, "a_b", null)));
        assertEquals(List.of("AKAXB000000000000001"), keys(new KeyPairQuery(null, null, null, null, "beta")));
        assertEquals(List.of("AKALICE0000000000001", "AKZED000000000000001"),
                keys(new KeyPairQuery(true, null, null, null, "alpha")));
        assertEquals(List.of("AKZED000000000000001"), keys(new KeyPairQuery(true, null, null, "zed", "alpha")));
        assertEquals(List.of(), keys(new KeyPairQuery(null, "u1", null, null, "beta")));
        assertEquals(List.of(), keys(new KeyPairQuery(null, null, null, null, "gamma")));
    }

    @Test
    void keyPairPagesAndSorting() {
        Page<KeyPair> page = r.keyPairs().list(new KeyPairQuery(null, null, null, null, "alpha"),
                new PageRequest(1, 2, null, false));
        assertEquals(List.of("AKALICE0000000000002", "AKBOB000000000000001"),
                page.items().stream().map(KeyPair::accessKey).toList());
        assertEquals(4, page.total());
        assertEquals(keyPairs.get(1), page.items().get(0));

        Map<String, Function<KeyPair, Comparable<?>>> keys = Map.of("access_key", KeyPair::accessKey, "created_at",
                KeyPair::createdAt, "last_used", KeyPair::lastUsed, "num_queries", KeyPair::numQueries, "rate_limit",
                KeyPair::rateLimit, "user_id", KeyPair::userId);
        assertEquals(KeyPairQuery.SORT_KEYS, keys.keySet());
        keys.forEach((key, f) -> {
            for (boolean desc : new boolean[] {false, true}) {
                Comparator<KeyPair> c = comparing(f).thenComparing(KeyPair::accessKey);
                List<String> expected = keyPairs.stream().sorted(desc ? c.reversed() : c).map(KeyPair::accessKey)
                        .toList();
                List<String> actual = r.keyPairs().list(null, sorted(key, desc)).items().stream()
                        .map(KeyPair::accessKey).toList();
                assertEquals(expected, actual, key + (desc ? " desc" : " asc"));
            }
        });
        assertThrows(ValidationException.class, () -> r.keyPairs().list(null, sorted("secret_key", false)));
    }

    // ------------------------------------------------------------------ domains and projects

    @Test
    void domainFiltersPagesAndSorting() {
        assertEquals(List.of("gamma", "alpha", "beta"), domainNames(r.domains().list(null, null, all())));
        assertEquals(List.of("gamma", "alpha"), domainNames(r.domains().list(true, null, all())));
        assertEquals(List.of("beta"), domainNames(r.domains().list(null, "beta", all())));
        assertEquals(List.of(), domainNames(r.domains().list(true, "beta", all())));
        Page<Domain> page = r.domains().list(null, null, new PageRequest(2, 1, null, false));
        assertEquals(List.of("beta"), domainNames(page));
        assertEquals(3, page.total());
        assertEquals(domains.get(1), page.items().get(0));

        assertEquals(List.of("alpha", "beta", "gamma"), domainNames(r.domains().list(null, null, sorted("name", false))));
        assertEquals(List.of("gamma", "beta", "alpha"), domainNames(r.domains().list(null, null, sorted("name", true))));
        assertEquals(List.of("beta", "alpha", "gamma"),
                domainNames(r.domains().list(null, null, sorted("created_at", true))));
        assertEquals(List.of("gamma", "beta", "alpha"),
                domainNames(r.domains().list(null, null, sorted("modified_at", false))));
        assertThrows(ValidationException.class, () -> r.domains().list(null, null, sorted("description", false)));
    }

    @Test
    void projectFiltersPagesAndSorting() {
        assertEquals(List.of("b-1", "a-1", "a-2", "a-3"), projectIds(r.projects().list(null, null, null, all())));
        assertEquals(List.of("a-1", "a-2", "a-3"), projectIds(r.projects().list("alpha", null, null, all())));
        assertEquals(List.of("a-1", "a-2"), projectIds(r.projects().list("alpha", true, null, all())));
        assertEquals(List.of("a-3"), projectIds(r.projects().list(null, false, null, all())));
        assertEquals(List.of("a-1"), projectIds(r.projects().list("alpha", null, Set.of("a-1", "b-1"), all())));
        assertEquals(List.of("b-1", "a-1"), projectIds(r.projects().list(null, null, List.of("a-1", "b-1", "a-1"),
                all())));
        Page<Project> none = r.projects().list(null, null, Set.of(), all());
        assertEquals(List.of(), none.items());
        assertEquals(0, none.total());

        Page<Project> page = r.projects().list(null, true, null, new PageRequest(0, 2, null, true));
        assertEquals(List.of("a-2", "a-1"), projectIds(page));
        assertEquals(3, page.total());
        assertEquals(projects.get(1), page.items().get(0));

        assertEquals(List.of("a-2", "a-3", "a-1", "b-1"), projectIds(r.projects().list(null, null, null,
                sorted("name", false))));
        assertEquals(List.of("b-1", "a-3", "a-2", "a-1"), projectIds(r.projects().list(null, null, null,
                sorted("domain_name", true))));
        assertEquals(List.of("b-1", "a-1", "a-2", "a-3"), projectIds(r.projects().list(null, null, null,
                sorted("modified_at", false))));
        assertThrows(ValidationException.class, () -> r.projects().list(null, null, null, sorted("type", false)));
    }

    private static List<String> domainNames(Page<Domain> page) {
        return page.items().stream().map(Domain::name).toList();
    }

    private static List<String> projectIds(Page<Project> page) {
        return page.items().stream().map(Project::id).toList();
    }

    /** Natural order with nulls last, as Derby and PostgreSQL sort ascending. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> Comparator<T> comparing(Function<T, Comparable<?>> f) {
        return Comparator.comparing(t -> (Comparable) f.apply(t), Comparator.nullsLast(Comparator.naturalOrder()));
    }
}
