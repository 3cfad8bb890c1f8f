package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.group.ResourceGroupInput;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code berth:resource-group-update} (SPEC A4): changes what is given; {@code --session-types} replaces the
 * whole list. {@code --clear-retries-to-skip} goes back to the system setting, {@code --clear-wsproxy}
 * removes the address.
 */
@Service
@Command(scope = "berth", name = "resource-group-update",
        description = "Changes a resource group; omitted fields stay as they are")
public class ResourceGroupUpdateCommand extends ResourceGroupOptions {

    @Option(name = "--active", description = "Make the group active")
    boolean active;

    @Option(name = "--private", description = "Only the associated domains, projects and keypairs may use the group")
    boolean makePrivate;

    @Option(name = "--clear-wsproxy", description = "Remove the wsproxy address")
    boolean clearWsproxy;

    @Option(name = "--clear-retries-to-skip", description = "Use the system setting for retries to skip again")
    boolean clearRetriesToSkip;

    @Argument(index = 0, name = "name", description = "Resource group name", required = true)
    @Completion(ResourceGroupNameCompleter.class)
    String name;

    @Override
    protected void run() {
        ResourceGroupInput in = input(null, flag(active, inactive, "active", "inactive"),
                flag(makePublic, makePrivate, "public", "private"), wsproxy(), retries());
        if (in.equals(new ResourceGroupInput(null, null, null, null, null, null, null, null, null, null))) {
            throw new ValidationException("nothing to change: give at least one option (see --help)");
        }
        ResourceGroupViews.group(groups.update(CALLER, name, in), out());
    }

    /** True for {@code --yes}, false for {@code --no}, null for neither; both is an error. */
    private static Boolean flag(boolean yes, boolean no, String yesOption, String noOption) {
        if (yes && no) {
            throw new ValidationException("give either --" + yesOption + " or --" + noOption + ", not both",
                    yesOption);
        }
        return yes ? Boolean.TRUE : no ? Boolean.FALSE : null;
    }

    private String wsproxy() {
        if (clearWsproxy && wsproxy != null) {
            throw new ValidationException("give either --wsproxy or --clear-wsproxy, not both", "wsproxy_address");
        }
        return clearWsproxy ? "" : wsproxy;
    }

    private Integer retries() {
        if (clearRetriesToSkip && retriesToSkip != null) {
            throw new ValidationException("give either --retries-to-skip or --clear-retries-to-skip, not both",
                    "retries_to_skip");
        }
        return clearRetriesToSkip ? Integer.valueOf(-1) : retriesToSkip;
    }
}
