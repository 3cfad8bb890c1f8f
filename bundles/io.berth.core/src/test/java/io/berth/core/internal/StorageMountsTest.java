package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.core.error.ConflictException;
import io.berth.core.error.ValidationException;
import io.berth.core.session.ClusterMode;
import io.berth.core.session.Session;
import io.berth.core.session.SessionStatus;
import io.berth.core.group.SessionType;
import io.berth.core.session.StatusChange;
import io.berth.core.storage.VFolder;
import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC S2/C1: the folders a session mounts, resolved to host directories with their access. */
class StorageMountsTest extends StorageFixture {

    @Test
    void ownAndProjectFoldersAreMountedWithTheirAccess() {
        VFolder own = mine(alice, "data", "vv").folder();
        VFolder shared = svc.createFolder(adminA, projectFolder("research", "shared", "qv", "ro")).folder();
        List<String> mounts = svc.resolve(alice, w.researchA.id(), List.of("data", shared.id(), "data:/data/x"));
        assertEquals(List.of(
                dir(own) + ":/home/work/data:rw",
                dir(shared) + ":/home/work/shared:ro",
                dir(own) + ":/data/x:rw"), mounts);
        assertEquals(List.of(dir(own) + ":/home/work/sub/dir:rw"), svc.resolve(alice, w.researchA.id(),
                List.of("data:sub/dir")));
        assertEquals(List.of(), svc.resolve(alice, w.researchA.id(), List.of()));
    }

    @Test
    void badRequestsAreRefusedOnMounts() {
        mine(alice, "data", "vv");
        mine(alice, "more", "vv");
        VFolder carols = mine(carol, "hers", "vv").folder();
        String p = w.researchA.id();
        refused(ValidationException.class, "mounts", () -> svc.resolve(alice, p, List.of("nothing")));
        refused(ValidationException.class, "mounts", () -> svc.resolve(alice, p, List.of(carols.id())));
        refused(ValidationException.class, "mounts", () -> svc.resolve(alice, p, List.of("data", "data")));
        refused(ValidationException.class, "mounts", () -> svc.resolve(alice, p, List.of("data:/x", "more:/x")));
        refused(ValidationException.class, "mounts", () -> svc.resolve(alice, p, List.of("data:/etc/x")));
        refused(ValidationException.class, "mounts", () -> svc.resolve(alice, p, List.of("data:/usr")));
        refused(ValidationException.class, "mounts", () -> svc.resolve(alice, p, List.of("data:/a/../etc")));
        refused(ValidationException.class, "mounts", () -> svc.resolve(alice, p, List.of("data:/")));
        refused(ValidationException.class, "mounts", () -> svc.resolve(alice, p, List.of("data:/a:b")));
        refused(ValidationException.class, "mounts", () -> svc.resolve(alice, p, List.of("")));
        // a host that is no longer allowed
        allowDomain("alpha", "qv");
        refused(ValidationException.class, "mounts", () -> svc.resolve(alice, p, List.of("data")));
    }

    private Session session(String id, List<String> mounts, SessionStatus status, long version) {
        Instant at = w.clock.instant();
        return new Session(id, id, w.alice.mainAccessKey(), w.alice.id(), w.alice.email(), w.researchA.id(),
                "alpha", "default", SessionType.BATCH, "img", null, 1, ClusterMode.SINGLE_NODE, ResourceSlots.EMPTY,
                ResourceSlots.EMPTY, Map.of(), mounts, "true", 10, List.of(), null, false, status, null, at,
                List.of(), 0, at, status.isFinal() ? at : null, at, version, List.of());
    }

    private Session live(String id, List<String> mounts, SessionStatus status) {
        Session s = session(id, mounts, status, 1);
        f.tx.run(() -> f.sessions.insert(s, new StatusChange(status, "test", s.createdAt())));
        return s;
    }

    @Test
    void aFolderMountedByALiveSessionIsNotDeleted() {
        VFolder data = mine(alice, "data", "vv").folder();
        mine(alice, "data2", "vv");
        List<String> mounts = svc.resolve(alice, w.researchA.id(), List.of("data"));
        live("ended", mounts, SessionStatus.TERMINATED);
        // a live session mounting another folder does not hold this one
        live("other", svc.resolve(alice, w.researchA.id(), List.of("data2")), SessionStatus.RUNNING);
        Session running = live("running", mounts, SessionStatus.RUNNING);

        ConflictException e = org.junit.jupiter.api.Assertions.assertThrows(ConflictException.class,
                () -> svc.deleteFolder(alice, "data"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(running.id()), e.getMessage());
        org.junit.jupiter.api.Assertions.assertTrue(java.nio.file.Files.isDirectory(dir(data)));
        org.junit.jupiter.api.Assertions.assertTrue(f.folders.find(data.id()).isPresent());

        f.tx.run(() -> f.sessions.update(session("running", mounts, SessionStatus.TERMINATED, 2),
                new StatusChange(SessionStatus.TERMINATED, "done", w.clock.instant())));
        svc.deleteFolder(alice, "data");
        org.junit.jupiter.api.Assertions.assertFalse(f.folders.find(data.id()).isPresent());
    }
}
