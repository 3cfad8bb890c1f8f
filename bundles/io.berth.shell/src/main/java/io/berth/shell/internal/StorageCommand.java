package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.PageRequest;
import io.berth.core.identity.Role;
import io.berth.core.identity.User;
import io.berth.core.identity.UserQuery;
import io.berth.core.identity.UserStatus;
import io.berth.core.storage.FolderQuery;
import io.berth.core.storage.StorageService;
import java.util.Set;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/**
 * Base of the volume, quota, folder and model-card commands (SPEC S1–S7): holds the storage service. Commands
 * act as the shell operator ({@link Caller#SYSTEM}) except where a folder needs a real user as its owner or
 * creator (a new user folder, a clone): they act as the user given with {@code --owner}, or else as the first
 * superadmin, as sessions created in the shell do.
 */
abstract class StorageCommand extends BerthCommand {

    /** Every folder the shell operator (a superadmin) manages. */
    static final FolderQuery ALL_FOLDERS = new FolderQuery(null, null, null, null, null, true);

    @Reference
    StorageService storage;

    /** The user {@code email} as a caller; the oldest active superadmin with a keypair when null. */
    Caller owner(String email) {
        User u;
        if (email != null) {
            u = identity.getUser(CALLER, email).user();
            if (!u.isActive()) {
                throw new ValidationException("user " + email + " is not active", "owner");
            }
        } else {
            u = identity.listUsers(CALLER, new UserQuery(null, null, null, Set.of(UserStatus.ACTIVE), null),
                    new PageRequest(0, PageRequest.MAX_LIMIT, "created_at", false)).items().stream()
                    .filter(x -> x.role() == Role.SUPERADMIN && x.mainAccessKey() != null).findFirst()
                    .orElseThrow(() -> new ValidationException("no active superadmin with a keypair to own the "
                            + "folder; give --owner <email>", "owner"));
        }
        return new Caller(u.id(), u.email(), u.role(), u.domainName(), u.mainAccessKey());
    }
}
