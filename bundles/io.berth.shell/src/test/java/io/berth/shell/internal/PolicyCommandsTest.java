package io.berth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.identity.Caller;
import io.berth.core.resource.ResourceInputs.KeyPairPolicyInput;
import io.berth.core.resource.ResourceInputs.ProjectPolicyInput;
import io.berth.core.resource.ResourceInputs.UserPolicyInput;
import io.berth.core.resource.UnspecifiedSlots;
import io.berth.spi.resource.Amount;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

class PolicyCommandsTest {
    private final FakeIdentityService identity = new FakeIdentityService();
    private final FakeResourcePolicyService policies = new FakeResourcePolicyService();

    private <C extends PolicyCommand> Run run(C command) throws Exception {
        command.policies = policies;
        return Run.of(command, identity);
    }

    private static boolean hasLine(Run run, String key, String value) {
        return run.out().lines().anyMatch(l -> l.matches("\\Q" + key + ":\\E +\\Q" + value + "\\E"));
    }

    private KeypairPolicyCreateCommand gold() {
        KeypairPolicyCreateCommand create = new KeypairPolicyCreateCommand();
        create.name = "gold";
        create.unspecified = "limited";
        create.slots = "cpu=8,mem=32g";
        create.maxSessionLifetime = "12h";
        create.maxConcurrentSessions = 5;
        create.maxPendingSessions = "inf";
        create.maxPendingSlots = "cpu=16";
        create.maxContainersPerSession = 2;
        create.idleTimeout = "1800";
        create.vfolderHosts = List.of("local,nfs");
        return create;
    }

    @Test
    void keypairPolicyCreatePassesEveryOptionToCore() throws Exception {
        Run run = run(gold());
        assertEquals("", run.err());
        assertEquals(new KeyPairPolicyInput("gold", "limited", Map.of("cpu", "8", "mem", "32g"), 43_200L, 5, "inf",
                Map.of("cpu", "16"), 2, 1800L, List.of("local", "nfs")), policies.lastKeyPairInput);
        assertTrue(run.out().startsWith("Keypair policy gold created.\n"), run.out());
        assertTrue(hasLine(run, "Total resource slots", "cpu=8 mem=32g"), run.out());
        assertTrue(hasLine(run, "Unspecified slots", "limited"), run.out());
        assertTrue(hasLine(run, "Max session lifetime", "12h"), run.out());
        assertTrue(hasLine(run, "Max pending sessions", "inf"), run.out());
        assertTrue(hasLine(run, "Idle timeout", "30m"), run.out());
        assertTrue(hasLine(run, "Vfolder hosts", "local, nfs"), run.out());
        assertEquals(UnspecifiedSlots.LIMITED, policies.keyPair.get("gold").defaultForUnspecified());
        assertTrue(policies.callers.isEmpty() || policies.callers.stream().allMatch(c -> c == Caller.SYSTEM));
    }

    @Test
    void keypairPolicyUpdateSendsOnlyWhatWasGiven() throws Exception {
        run(gold());
        KeypairPolicyUpdateCommand update = new KeypairPolicyUpdateCommand();
        update.name = "gold";
        assertEquals("Error: nothing to change: give at least one option (see --help)\n", run(update).err());

        update.vfolderHosts = List.of("");
        Run run = run(update);
        assertEquals("", run.err(), "--vfolder-hosts alone is something to change");
        assertEquals(List.of(), policies.lastKeyPairInput.allowedVfolderHosts());

        update.slots = "none";
        run = run(update);
        assertEquals(new KeyPairPolicyInput(null, null, Map.of(), null, null, null, null, null, null, List.of()),
                policies.lastKeyPairInput);
        assertTrue(hasLine(run, "Total resource slots", "(none)"), run.out());
        assertTrue(hasLine(run, "Max session lifetime", "12h"), "unchanged: " + run.out());

        update.slots = null;
        update.vfolderHosts = null;
        update.idleTimeout = "soon";
        run = run(update);
        assertTrue(run.err().startsWith("Error: --idle-timeout: 'soon' is not a duration"), run.err());
        assertTrue(run.err().endsWith("(field: idle_timeout)\n"), run.err());
    }

    @Test
    void userAndProjectPoliciesPassValuesAsText() throws Exception {
        UserPolicyCreateCommand user = new UserPolicyCreateCommand();
        user.name = "students";
        user.maxFolders = "10";
        user.maxFolderSize = "100g";
        user.maxModelSessions = 4;
        user.maxCustomImages = "inf";
        Run run = run(user);
        assertEquals(new UserPolicyInput("students", "10", "100g", 4, "inf"), policies.lastUserInput);
        assertTrue(hasLine(run, "Max folders", "10"), run.out());
        assertTrue(hasLine(run, "Max folder size", "100g"), run.out());
        assertTrue(hasLine(run, "Max model sessions", "4"), run.out());
        assertTrue(hasLine(run, "Max custom images", "inf"), run.out());

        UserPolicyUpdateCommand userUpdate = new UserPolicyUpdateCommand();
        userUpdate.name = "students";
        userUpdate.maxFolderSize = "1t";
        run(userUpdate);
        assertEquals(new UserPolicyInput(null, null, "1t", null, null), policies.lastUserInput);
        assertEquals(Amount.of(1L << 40), policies.user.get("students").maxQuotaScopeSize());

        ProjectPolicyCreateCommand project = new ProjectPolicyCreateCommand();
        project.name = "labs";
        project.maxFolders = "inf";
        run = run(project);
        assertEquals(new ProjectPolicyInput("labs", "inf", null), policies.lastProjectInput);
        assertTrue(run.out().startsWith("Project policy labs created.\n"), run.out());

        ProjectPolicyUpdateCommand projectUpdate = new ProjectPolicyUpdateCommand();
        projectUpdate.name = "labs";
        assertTrue(run(projectUpdate).err().startsWith("Error: nothing to change"));
        projectUpdate.maxFolderSize = "500g";
        run = run(projectUpdate);
        assertEquals(new ProjectPolicyInput(null, null, "500g"), policies.lastProjectInput);
        assertTrue(hasLine(run, "Max folder size", "500g"), run.out());
    }

    @Test
    void listShowsTheColumnsOfEachKind() throws Exception {
        run(gold());
        PolicyListCommand list = new PolicyListCommand();
        list.kind = "KEYPAIR";
        Run run = run(list);
        assertEquals("", run.err());
        assertTrue(run.out().contains("TOTAL SLOTS") && run.out().contains("UNSPECIFIED"), run.out());
        String goldRow = run.out().lines().filter(l -> l.contains("gold")).findFirst().orElseThrow();
        assertTrue(goldRow.contains("cpu=8 mem=32g") && goldRow.contains("limited") && goldRow.contains("12h"),
                goldRow);
        assertTrue(run.out().contains("2 keypair policies\n"), run.out());

        list.kind = "user";
        run = run(list);
        assertTrue(run.out().contains("MAX FOLDER SIZE") && run.out().contains("CUSTOM IMAGES"), run.out());
        assertTrue(run.out().contains("1 user policy\n"), run.out());

        list.kind = "project";
        assertTrue(run(list).out().contains("1 project policy\n"));

        list.kind = "team";
        assertEquals("Error: 'team' is not a policy kind; use keypair, user or project (field: kind)\n",
                run(list).err());
    }

    @Test
    void showPrintsOnePolicyOrOneErrorLine() throws Exception {
        PolicyShowCommand show = new PolicyShowCommand();
        show.kind = "keypair";
        show.name = "default";
        Run run = run(show);
        assertTrue(hasLine(run, "Name", "default"), run.out());
        assertTrue(hasLine(run, "Unspecified slots", "unlimited"), run.out());
        assertTrue(hasLine(run, "Max concurrent sessions", "30"), run.out());

        show.kind = "user";
        show.name = "nobody";
        assertEquals("Error: no user policy named 'nobody'\n", run(show).err());
    }

    @Test
    void deleteReportsAndRemoves() throws Exception {
        run(gold());
        PolicyDeleteCommand delete = new PolicyDeleteCommand();
        delete.kind = "keypair";
        delete.name = "gold";
        Run run = run(delete);
        assertEquals("Keypair policy gold deleted.\n", run.out());
        assertEquals("keypair/gold", policies.lastDeleted);
        assertFalse(policies.keyPair.containsKey("gold"));
    }

    @Test
    void deleteOfAReferencedPolicyPrintsTheReferrersAndFails() throws Exception {
        run(gold());
        policies.referrers.put("keypair/gold", List.of("keypair AK1", "keypair AK2", "keypair AK3"));
        PolicyDeleteCommand delete = new PolicyDeleteCommand();
        delete.kind = "keypair";
        delete.name = "gold";
        delete.policies = policies;
        Run run = Run.failing(delete, identity);
        assertInstanceOf(CommandException.class, run.failure());
        assertEquals("Keypair policy gold was not deleted", run.failure().getMessage());
        assertEquals("Error: keypair policy 'gold' is in use\nReferred to by:\n  keypair AK1\n  keypair AK2\n"
                + "  \u2026 and 1 more\n", run.err());
        assertEquals("", run.out());
        assertTrue(policies.keyPair.containsKey("gold"));
    }

    @Test
    void presetsAreCreatedListedUpdatedAndDeleted() throws Exception {
        PresetCreateCommand create = new PresetCreateCommand();
        create.name = "small";
        create.slots = "cpu=2,mem=4g,cuda.shares=0.5";
        create.sharedMemory = "64m";
        create.resourceGroup = "gpu";
        Run run = run(create);
        assertEquals("", run.err());
        assertEquals("small", policies.lastPresetInput.name());
        assertEquals(Map.of("cpu", "2", "mem", "4g", "cuda.shares", "0.5"), policies.lastPresetInput.resourceSlots());
        assertEquals("64m", policies.lastPresetInput.sharedMemory());
        assertEquals("gpu", policies.lastPresetInput.resourceGroup());
        assertTrue(hasLine(run, "Resource slots", "cpu=2 cuda.shares=0.5 mem=4g"), run.out());
        assertTrue(hasLine(run, "Shared memory", "64m"), run.out());
        assertTrue(hasLine(run, "Resource group", "gpu"), run.out());

        PresetCreateCommand any = new PresetCreateCommand();
        any.name = "tiny";
        any.slots = "cpu=1";
        run(any);

        PresetListCommand list = new PresetListCommand();
        list.resourceGroup = "cpu-only";
        run = run(list);
        assertEquals("cpu-only", policies.lastPresetGroup);
        assertFalse(run.out().contains("small"), run.out());
        assertTrue(run.out().contains("tiny") && run.out().contains("image default")
                && run.out().contains("(every group)"), run.out());
        assertTrue(run.out().contains("1 resource preset\n"), run.out());
        list.resourceGroup = null;
        assertTrue(run(list).out().contains("2 resource presets"));
        assertNull(policies.lastPresetGroup);

        PresetUpdateCommand update = new PresetUpdateCommand();
        update.name = "small";
        assertTrue(run(update).err().startsWith("Error: nothing to change"));
        update.resourceGroup = "";
        run = run(update);
        assertEquals("", policies.lastPresetInput.resourceGroup(), "\"\" clears the group");
        assertNull(policies.lastPresetInput.resourceSlots(), "slots left as they are");
        assertNull(policies.lastPresetInput.name());
        assertTrue(hasLine(run, "Resource group", "(every group)"), run.out());

        PresetShowCommand show = new PresetShowCommand();
        show.name = "small";
        assertTrue(hasLine(run(show), "Shared memory", "64m"));

        PresetDeleteCommand delete = new PresetDeleteCommand();
        delete.name = "small";
        assertEquals("Resource preset small deleted.\n", run(delete).out());
        assertEquals("Error: no preset named 'small'\n", run(delete).err());
    }
}
