package io.berth.shell.internal;

import io.berth.core.group.ResourceGroupInput;
import java.util.List;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * The options resource-group-create and resource-group-update share (SPEC A4). Values go to core as given
 * (core checks schedulers, session types, selections and the address); a duration is seconds or has a unit.
 */
abstract class ResourceGroupOptions extends ResourceGroupCommand {

    @Option(name = "--description", description = "Description")
    String description;

    @Option(name = "--scheduler", description = "Scheduling policy: fifo (default), lifo, drf or any installed one")
    @Completion(value = StringsCompleter.class, values = {"fifo", "lifo", "drf"})
    String scheduler;

    @Option(name = "--public", description = "Everyone may use the group")
    boolean makePublic;

    @Option(name = "--inactive", description = "The group is inactive: no session is scheduled in it")
    boolean inactive;

    @Option(name = "--wsproxy", description = "URL of the group's wsproxy")
    String wsproxy;

    @Option(name = "--session-types", multiValued = true,
            description = "Allowed session types, e.g. interactive,batch (repeatable or comma-separated; default: "
                    + "interactive, batch and inference)")
    @Completion(value = StringsCompleter.class, values = {"interactive", "batch", "inference"})
    List<String> sessionTypes;

    @Option(name = "--pending-timeout",
            description = "How long a session may stay pending: seconds or with s, m, h, d (0: no timeout)")
    String pendingTimeout;

    @Option(name = "--retries-to-skip",
            description = "Scheduling retries before a pending session is skipped (default: the system setting)")
    Integer retriesToSkip;

    @Option(name = "--agent-selection", description = "How an agent is picked: dispersed (default), concentrated "
            + "or round-robin")
    @Completion(value = StringsCompleter.class, values = {"dispersed", "concentrated", "round-robin"})
    String agentSelection;

    /** The input; {@code active}, {@code isPublic}, {@code wsproxyAddress}, {@code retries} as decided by the command. */
    ResourceGroupInput input(String name, Boolean active, Boolean isPublic, String wsproxyAddress, Integer retries) {
        return new ResourceGroupInput(name, description, active, isPublic, wsproxyAddress, scheduler,
                Format.values(sessionTypes), Durations.parse(pendingTimeout, "pending-timeout", "pending_timeout"),
                retries, agentSelection);
    }
}
