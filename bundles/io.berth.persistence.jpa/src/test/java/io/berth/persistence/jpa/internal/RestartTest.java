package io.berth.persistence.jpa.internal;

import static io.berth.persistence.jpa.internal.TestDb.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.identity.Domain;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.Project;
import io.berth.core.identity.User;
import io.berth.core.identity.UserStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data in a file-based Derby database survives closing the persistence unit and the database. */
class RestartTest {
    @TempDir
    Path dir;

    @Test
    void dataSurvivesClosingAndReopening() {
        Domain d = TestDb.domain("d1", true, T0);
        Project p = TestDb.project("p1", "d1", "one", true, T0);
        User u = TestDb.user("u1", "ann@example.org", "ann", "d1", UserStatus.ACTIVE, "AK1", Set.of("p1"), T0);
        KeyPair k = TestDb.keyPair("AK1", "u1", true, T0);

        try (TestDb first = TestDb.file(dir)) {
            JpaRepositories r = first.open();
            r.unitOfWork().run(() -> {
                r.domains().insert(d);
                r.projects().insert(p);
                r.users().insert(u);
                r.keyPairs().insert(k);
            });
            r.keyPairs().recordUsage("AK1", 7, T0.plusSeconds(60));
        }
        assertTrue(Files.isDirectory(dir.resolve("berth")), "the database lives in the folder");

        try (TestDb second = TestDb.file(dir)) {
            JpaRepositories r = second.open();
            assertEquals(List.of(), new SchemaMigrator(second.dataSource).migrate(), "nothing left to migrate");
            assertEquals(Optional.of(d), r.domains().find("d1"));
            assertEquals(Optional.of(p), r.projects().find("p1"));
            assertEquals(Optional.of(u), r.users().findByEmail("ann@example.org"));
            KeyPair stored = r.keyPairs().find("AK1").orElseThrow();
            assertEquals(7, stored.numQueries());
            assertEquals(T0.plusSeconds(60), stored.lastUsed());
            assertEquals(1, r.users().list(null, PageRequest.first(10)).total());
        }
    }
}
