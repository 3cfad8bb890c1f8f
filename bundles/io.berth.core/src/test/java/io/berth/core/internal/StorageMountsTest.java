package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.berth.core.error.ValidationException;
import io.berth.core.storage.VFolder;
import java.util.List;
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
}
