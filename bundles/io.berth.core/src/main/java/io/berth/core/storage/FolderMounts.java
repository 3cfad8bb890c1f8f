package io.berth.core.storage;

import io.berth.core.identity.Caller;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Resolves the folders a session asks to mount (SPEC S2/C1) into container mounts. Each request is
 * {@code <folder>[:<container path>]} where the folder is an id or a name the session's owner can see and
 * the container path defaults to {@code /home/work/<folder name>}. The allowed hosts are those of the
 * owner's domain, the session's project and the policy of the caller's keypair. A folder the owner may only read is
 * mounted read-only.
 */
@ProviderType
public interface FolderMounts {
    /** The default parent directory of mounts in containers. */
    String WORK_DIR = "/home/work";

    /**
     * @return one {@code <host path>:<container path>:<ro|rw>} per request, in order
     * @throws io.berth.core.error.ValidationException (field {@code mounts}) for unknown folders, bad or
     *         duplicate container paths, folders on volumes the owner's keypair or project may not use
     */
    List<String> resolve(Caller owner, String projectId, List<String> requests);
}
