package io.berth.shell.internal;

import io.berth.core.storage.FolderOwner;
import io.berth.core.storage.QuotaView;
import io.berth.core.storage.Sizes;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * {@code berth:quota-set} (SPEC S4): sets or changes the hard limit of a user or project on a volume, as bytes or
 * with a unit ({@code 512m}, {@code 10g}, {@code 1.5t}). Refused on a backend without quotas.
 */
@Service
@Command(scope = "berth", name = "quota-set",
        description = "Sets the quota of a user or project on a storage volume")
public class QuotaSetCommand extends StorageCommand {

    @Argument(index = 0, name = "volume", description = "The volume name", required = true)
    @Completion(VolumeNameCompleter.class)
    String volume;

    @Argument(index = 1, name = "type", description = "user or project", required = true)
    @Completion(value = StringsCompleter.class, values = {"user", "project"})
    String type;

    @Argument(index = 2, name = "scope", description = "A user's id or email, or a project's id or domain/name",
            required = true)
    String scope;

    @Argument(index = 3, name = "size", description = "The hard limit: bytes, or with a unit such as 512m or 10g",
            required = true)
    String size;

    @Override
    protected void run() {
        FolderOwner kind = FolderOwner.parse(type, "type");
        long bytes = Sizes.parse(size, "hard_limit");
        QuotaView q = storage.setQuota(CALLER, volume, kind, scope, bytes);
        out().println("Quota of " + q.scopeName() + " on " + q.volume() + " set to " + StorageViews.bytes(bytes)
                + ".");
        StorageViews.quota(q, out());
    }
}
