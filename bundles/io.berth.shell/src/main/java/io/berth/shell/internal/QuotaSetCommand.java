package io.berth.shell.internal;

import io.berth.core.storage.QuotaView;
import io.berth.core.storage.Sizes;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:quota-set} (SPEC S4): sets or changes the hard limit of a user or project on a volume, as bytes or
 * with a unit ({@code 512m}, {@code 10g}, {@code 1.5t}). Refused on a backend without quotas.
 */
@Service
@Command(scope = "berth", name = "quota-set",
        description = "Sets the quota of a user or project on a storage volume")
public class QuotaSetCommand extends QuotaScopeCommand {

    @Argument(index = 3, name = "size", description = "The hard limit: bytes, or with a unit such as 512m or 10g",
            required = true)
    String size;

    @Override
    protected void run() {
        long bytes = Sizes.parse(size, "hard_limit");
        QuotaView q = storage.setQuota(CALLER, volume, kind(), scope, bytes);
        out().println("Quota of " + q.scopeName() + " on " + q.volume() + " set to " + StorageViews.bytes(bytes)
                + ".");
        StorageViews.quota(q, out());
    }
}
