package io.berth.shell.internal;

import io.berth.core.agent.AgentQuery;
import io.berth.core.agent.AgentService;
import io.berth.core.agent.AgentStatus;
import io.berth.core.error.ValidationException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * {@code berth:agent-list} (SPEC A1–A3): agents, alive ones by default, with their resource group, whether
 * they take new sessions, CPU and memory occupied of available, containers and last heartbeat.
 */
@Service
@Command(scope = "berth", name = "agent-list", description = "Lists agents: alive ones, or those of --status")
public class AgentListCommand extends ListCommand {

    @Reference
    AgentService agents;

    @Option(name = "--status",
            description = "alive (default), lost, terminated, a comma-separated list of them, or all")
    @Completion(value = StringsCompleter.class, values = {"alive", "lost", "terminated", "all"})
    String status;

    @Option(name = "--resource-group", description = "Only the agents of this resource group")
    @Completion(ResourceGroupNameCompleter.class)
    String resourceGroup;

    @Option(name = "--order-by", description = "Sort key: id (default), first_contact or last_heartbeat")
    @Completion(value = StringsCompleter.class, values = {"id", "first_contact", "last_heartbeat"})
    String orderBy;

    @Override
    protected void run() {
        AgentViews.table(agents.list(CALLER, new AgentQuery(statuses(status), resourceGroup), page(orderBy)),
                kinds(), out());
    }

    /** The statuses to list; null (every status) for {@code all}. */
    static Set<AgentStatus> statuses(String text) {
        if (text == null) {
            return EnumSet.of(AgentStatus.ALIVE);
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("all")) {
            return null;
        }
        Set<AgentStatus> out = EnumSet.noneOf(AgentStatus.class);
        for (String part : s.split(",", -1)) {
            AgentStatus found = null;
            for (AgentStatus st : AgentStatus.values()) {
                if (st.wire().equals(part.trim())) {
                    found = st;
                }
            }
            if (found == null) {
                throw new ValidationException("--status: '" + part.trim() + "' is not an agent status; use alive, "
                        + "lost, terminated (comma-separated) or all", "status");
            }
            out.add(found);
        }
        return out;
    }
}
