package io.berth.shell.internal;

import io.berth.core.storage.FolderOwner;
import io.berth.core.storage.QuotaView;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * {@code berth:quota-unset} (SPEC S4): removes the explicit limit, so that the owner's resource policy's max
 * folder size applies again.
 */
@Service
@Command(scope = "berth", name = "quota-unset",
        description = "Removes the explicit quota of a user or project; their resource policy applies again")
public class QuotaUnsetCommand extends StorageCommand {

    @Argument(index = 0, name = "volume", description = "The volume name", required = true)
    @Completion(VolumeNameCompleter.class)
    String volume;

    @Argument(index = 1, name = "type", description = "user or project", required = true)
    @Completion(value = StringsCompleter.class, values = {"user", "project"})
    String type;

    @Argument(index = 2, name = "scope", description = "A user's id or email, or a project's id or domain/name",
            required = true)
    String scope;

    @Override
    protected void run() {
        QuotaView q = storage.unsetQuota(CALLER, volume, FolderOwner.parse(type, "type"), scope);
        out().println("Quota of " + q.scopeName() + " on " + q.volume() + " unset.");
        StorageViews.quota(q, out());
    }
}
