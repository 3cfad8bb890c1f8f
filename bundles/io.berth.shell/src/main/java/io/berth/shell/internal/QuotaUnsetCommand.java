package io.berth.shell.internal;

import io.berth.core.storage.QuotaView;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:quota-unset} (SPEC S4): removes the explicit limit, so that the owner's resource policy's max
 * folder size applies again.
 */
@Service
@Command(scope = "berth", name = "quota-unset",
        description = "Removes the explicit quota of a user or project; their resource policy applies again")
public class QuotaUnsetCommand extends QuotaScopeCommand {

    @Override
    protected void run() {
        QuotaView q = storage.unsetQuota(CALLER, volume, kind(), scope);
        out().println("Quota of " + q.scopeName() + " on " + q.volume() + " unset.");
        StorageViews.quota(q, out());
    }
}
