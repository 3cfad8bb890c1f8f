package io.berth.shell.internal;

import io.berth.core.storage.FolderOwner;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * {@code berth:quota-list} (SPEC S4): the quota scopes of a volume that hold folders or an explicit limit, with
 * their usage and the limit in force.
 */
@Service
@Command(scope = "berth", name = "quota-list", description = "Lists the quota scopes of a storage volume")
public class QuotaListCommand extends StorageCommand {

    @Option(name = "--type", description = "user (default) or project scopes")
    @Completion(value = StringsCompleter.class, values = {"user", "project"})
    String type;

    @Argument(index = 0, name = "volume", description = "The volume name", required = true)
    @Completion(VolumeNameCompleter.class)
    String volume;

    @Override
    protected void run() {
        FolderOwner kind = type == null ? FolderOwner.USER : FolderOwner.parse(type, "type");
        StorageViews.quotas(storage.listQuotas(CALLER, volume, kind), out());
    }
}
