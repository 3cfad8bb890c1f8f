package io.berth.shell.internal;

import static io.berth.shell.internal.AgentCommandsTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.group.ResourceGroupInput;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Inputs.NewProject;
import io.berth.core.identity.Project;
import java.util.List;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

class ResourceGroupCommandsTest {
    private final FakeIdentityService identity = new FakeIdentityService();
    private final FakeResourceGroupService groups = new FakeResourceGroupService();

    private Run run(ResourceGroupCommand command) throws Exception {
        command.groups = groups;
        return Run.of(command, identity);
    }

    private static boolean hasLine(Run run, String key, String value) {
        return run.out().lines().anyMatch(l -> l.matches("\\Q" + key + ":\\E +\\Q" + value + "\\E"));
    }

    private Project vision() {
        return identity.createProject(Caller.SYSTEM, new NewProject("default", "vision", null, null, List.of(),
                List.of(), null, null));
    }

    @Test
    void list() throws Exception {
        Run run = run(new ResourceGroupListCommand());
        assertEquals("", run.err());
        assertTrue(run.out().contains("SESSION TYPES") && run.out().contains("AGENT SELECTION"), run.out());
        assertEquals(List.of("default", "yes", "no", "fifo", "interactive,batch,inference", "dispersed",
                "The default group"), row(run, "default"));
        assertEquals(List.of("gpu", "yes", "yes", "drf", "interactive,batch", "round-robin", "H200 nodes"),
                row(run, "gpu"));
        assertTrue(run.out().endsWith("2 resource groups\n"), run.out());
        assertTrue(groups.callers.stream().allMatch(c -> c == Caller.SYSTEM));
    }

    @Test
    void showWithAssociations() throws Exception {
        Project p = vision();
        groups.allowProject(Caller.SYSTEM, "gpu", p.id(), true);
        groups.allowProject(Caller.SYSTEM, "gpu", "p-gone", true);
        groups.allowKeyPair(Caller.SYSTEM, "gpu", "AKXYZ", true);
        ResourceGroupShowCommand show = new ResourceGroupShowCommand();
        show.name = "gpu";
        Run run = run(show);
        assertEquals("", run.err());
        assertTrue(hasLine(run, "Name", "gpu"), run.out());
        assertTrue(hasLine(run, "Description", "H200 nodes"), run.out());
        assertTrue(hasLine(run, "Active", "yes"), run.out());
        assertTrue(hasLine(run, "Public", "yes"), run.out());
        assertTrue(hasLine(run, "Wsproxy address", "http://wsproxy:5050"), run.out());
        assertTrue(hasLine(run, "Scheduler", "drf"), run.out());
        assertTrue(hasLine(run, "Session types", "interactive,batch"), run.out());
        assertTrue(hasLine(run, "Pending timeout", "10m"), run.out());
        assertTrue(hasLine(run, "Retries to skip", "3"), run.out());
        assertTrue(hasLine(run, "Agent selection", "round-robin"), run.out());
        assertTrue(run.out().contains("\nAvailable to everyone (public), and associated with:\n"), run.out());
        assertTrue(hasLine(run, "Domains", "-"), run.out());
        assertTrue(hasLine(run, "Projects", "p-gone, default/vision (" + p.id() + ")"),
                "known ids read domain/name: " + run.out());
        assertTrue(hasLine(run, "Keypairs", "AKXYZ"), run.out());

        show.name = "default";
        run = run(show);
        assertTrue(hasLine(run, "Wsproxy address", "-"), run.out());
        assertTrue(hasLine(run, "Pending timeout", "none"), run.out());
        assertTrue(hasLine(run, "Retries to skip", "system default"), run.out());
        assertTrue(run.out().contains("\nAvailable to:\n"), run.out());
        assertTrue(hasLine(run, "Domains", "default"), run.out());

        show.name = "nothing";
        assertEquals("Error: no resource group named 'nothing' (field: name)\n", run(show).err());
    }

    @Test
    void createPassesEveryOption() throws Exception {
        ResourceGroupCreateCommand create = new ResourceGroupCreateCommand();
        create.name = "batch";
        create.description = "Batch nodes";
        create.scheduler = "lifo";
        create.makePublic = true;
        create.inactive = true;
        create.wsproxy = "http://ws:1";
        create.sessionTypes = List.of("batch,inference");
        create.pendingTimeout = "1h";
        create.retriesToSkip = 5;
        create.agentSelection = "concentrated";
        Run run = run(create);
        assertEquals("", run.err());
        assertEquals(new ResourceGroupInput("batch", "Batch nodes", false, true, "http://ws:1", "lifo",
                List.of("batch", "inference"), 3600L, 5, "concentrated"), groups.lastInput);
        assertTrue(run.out().startsWith("Resource group batch created.\n"), run.out());
        assertTrue(hasLine(run, "Active", "no"), run.out());
        assertTrue(hasLine(run, "Session types", "batch,inference"), run.out());
        assertTrue(hasLine(run, "Pending timeout", "1h"), run.out());
        assertTrue(hasLine(run, "Agent selection", "concentrated"), run.out());
    }

    @Test
    void createWithoutOptionsLeavesEverythingToCore() throws Exception {
        ResourceGroupCreateCommand create = new ResourceGroupCreateCommand();
        create.name = "plain";
        Run run = run(create);
        assertEquals(new ResourceGroupInput("plain", null, null, null, null, null, null, null, null, null),
                groups.lastInput);
        assertTrue(hasLine(run, "Active", "yes"), run.out());
        assertTrue(hasLine(run, "Public", "no"), run.out());

        assertEquals("Error: a resource group named 'plain' already exists (field: name)\n", run(create).err());
        create.name = "timed";
        create.pendingTimeout = "soon";
        run = run(create);
        assertTrue(run.err().startsWith("Error: --pending-timeout: 'soon' is not a duration"), run.err());
        assertTrue(run.err().endsWith("(field: pending_timeout)\n"), run.err());
    }

    @Test
    void updateSendsOnlyWhatWasGiven() throws Exception {
        ResourceGroupUpdateCommand update = new ResourceGroupUpdateCommand();
        update.name = "gpu";
        assertEquals("Error: nothing to change: give at least one option (see --help)\n", run(update).err());
        assertNull(groups.lastInput);

        update.clearRetriesToSkip = true;
        update.makePrivate = true;
        update.clearWsproxy = true;
        Run run = run(update);
        assertEquals("", run.err());
        assertEquals(new ResourceGroupInput(null, null, null, false, "", null, null, null, -1, null),
                groups.lastInput);
        assertTrue(hasLine(run, "Retries to skip", "system default"), run.out());
        assertTrue(hasLine(run, "Public", "no"), run.out());
        assertTrue(hasLine(run, "Wsproxy address", "-"), run.out());

        update = new ResourceGroupUpdateCommand();
        update.name = "gpu";
        update.inactive = true;
        update.sessionTypes = List.of("interactive");
        update.pendingTimeout = "0";
        update.retriesToSkip = 7;
        update.agentSelection = "dispersed";
        update.scheduler = "fifo";
        update.description = "changed";
        update.wsproxy = "http://new:2";
        update.makePublic = true;
        run = run(update);
        assertEquals(new ResourceGroupInput(null, "changed", false, true, "http://new:2", "fifo",
                List.of("interactive"), 0L, 7, "dispersed"), groups.lastInput);
        assertTrue(hasLine(run, "Active", "no"), run.out());
        assertTrue(hasLine(run, "Retries to skip", "7"), run.out());

        update = new ResourceGroupUpdateCommand();
        update.name = "gpu";
        update.active = true;
        run = run(update);
        assertEquals(Boolean.TRUE, groups.lastInput.active());
        assertTrue(hasLine(run, "Active", "yes"), run.out());
    }

    @Test
    void contradictoryUpdateOptionsAreRefused() throws Exception {
        ResourceGroupUpdateCommand update = new ResourceGroupUpdateCommand();
        update.name = "gpu";
        update.active = true;
        update.inactive = true;
        assertEquals("Error: give either --active or --inactive, not both (field: active)\n", run(update).err());
        update.inactive = false;
        update.makePublic = true;
        update.makePrivate = true;
        assertEquals("Error: give either --public or --private, not both (field: public)\n", run(update).err());
        update.makePrivate = false;
        update.retriesToSkip = 2;
        update.clearRetriesToSkip = true;
        assertEquals("Error: give either --retries-to-skip or --clear-retries-to-skip, not both "
                + "(field: retries_to_skip)\n", run(update).err());
        update.clearRetriesToSkip = false;
        update.wsproxy = "http://x";
        update.clearWsproxy = true;
        assertEquals("Error: give either --wsproxy or --clear-wsproxy, not both (field: wsproxy_address)\n",
                run(update).err());
        assertNull(groups.lastInput);
    }

    @Test
    void delete() throws Exception {
        ResourceGroupDeleteCommand delete = new ResourceGroupDeleteCommand();
        delete.name = "default";
        Run run = run(delete);
        assertEquals("Resource group default deleted.\n", run.out());
        assertTrue(!groups.groups.containsKey("default"));
    }

    @Test
    void deleteOfAGroupWithAgentsPrintsThemAndFails() throws Exception {
        ResourceGroupDeleteCommand delete = new ResourceGroupDeleteCommand();
        delete.name = "gpu";
        delete.groups = groups;
        Run run = Run.failing(delete, identity);
        assertInstanceOf(CommandException.class, run.failure());
        assertEquals("Resource group gpu was not deleted", run.failure().getMessage());
        assertEquals("Error: resource group 'gpu' has agents\nReferred to by:\n  agent i-gpu1\n  agent i-gpu2\n"
                + "  agent i-gpu3\n  \u2026 and 1 more\n", run.err());
        assertEquals("", run.out());
        assertTrue(groups.groups.containsKey("gpu"));
    }

    @Test
    void allowAndDisallow() throws Exception {
        Project p = vision();
        ResourceGroupAllowCommand allow = new ResourceGroupAllowCommand();
        allow.name = "gpu";
        allow.domains = List.of("default,lab");
        allow.projects = List.of("default/vision", "p-raw");
        allow.keyPairs = List.of("AK1");
        Run run = run(allow);
        assertEquals("", run.err());
        assertEquals(List.of("+domain:default", "+domain:lab", "+project:" + p.id(), "+project:p-raw",
                "+keypair:AK1"), groups.changes, "domain/name becomes the project id; an id is passed as given");
        assertEquals("Resource group gpu is available to domain default.\n"
                + "Resource group gpu is available to domain lab.\n"
                + "Resource group gpu is available to project default/vision (" + p.id() + ").\n"
                + "Resource group gpu is available to project p-raw.\n"
                + "Resource group gpu is available to keypair AK1.\n", run.out());

        ResourceGroupDisallowCommand disallow = new ResourceGroupDisallowCommand();
        disallow.name = "gpu";
        disallow.projects = List.of(p.id());
        disallow.keyPairs = List.of("AK1");
        run = run(disallow);
        assertEquals("Resource group gpu is no longer available to project " + p.id() + ".\n"
                + "Resource group gpu is no longer available to keypair AK1.\n", run.out());
        assertEquals(List.of("default", "lab"), groups.associations(Caller.SYSTEM, "gpu").domains());
        assertEquals(List.of("p-raw"), groups.associations(Caller.SYSTEM, "gpu").projects());
        assertEquals(List.of(), groups.associations(Caller.SYSTEM, "gpu").keyPairs());
    }

    @Test
    void allowNeedsSomethingAndStopsAtTheFirstError() throws Exception {
        ResourceGroupAllowCommand allow = new ResourceGroupAllowCommand();
        allow.name = "gpu";
        assertEquals("Error: give at least one --domain, --project or --keypair\n", run(allow).err());
        allow.domains = List.of(" , ");
        assertEquals("Error: give at least one --domain, --project or --keypair\n", run(allow).err());

        allow.domains = List.of("lab", "missing-domain", "other");
        Run run = run(allow);
        assertEquals("Resource group gpu is available to domain lab.\n", run.out());
        assertEquals("Error: no domain 'missing-domain' (field: domain)\n", run.err());
        assertEquals(List.of("+domain:lab"), groups.changes);

        allow.domains = null;
        allow.projects = List.of("default/nothing");
        run = run(allow);
        assertEquals("Error: no project named 'nothing' in domain 'default'\n", run.err());
        assertEquals(List.of("+domain:lab"), groups.changes, "an unknown domain/name reaches no group");
    }
}
