package io.berth.shell.internal;

import static io.berth.shell.internal.AgentCommandsTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.identity.Caller;
import io.berth.core.identity.PageRequest;
import io.berth.core.image.ImageApp;
import io.berth.core.image.ImageQuery;
import io.berth.core.image.ImageUpdate;
import io.berth.core.image.RegistryInput;
import io.berth.core.image.RescanTask;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry, rescan and image commands (SPEC I1, I3, I4) against a fake image service. */
class ImageCommandsTest {
    private final FakeIdentityService identity = new FakeIdentityService();
    private final FakeImageService images = new FakeImageService();

    private Run run(ImageCommand command) throws Exception {
        command.images = images;
        return Run.of(command, identity);
    }

    private static boolean hasLine(Run run, String key, String value) {
        return run.out().lines().anyMatch(l -> l.matches("\\Q" + key + ":\\E +\\Q" + value + "\\E"));
    }

    private static void noSecrets(Run run) {
        assertFalse(run.out().contains("hunter2") || run.out().contains("sealed") || run.out().contains("s3cr3t"),
                run.out());
    }

    // ---- registries ----

    @Test
    void registryList() throws Exception {
        Run run = run(new RegistryListCommand());
        assertEquals("", run.err());
        noSecrets(run);
        assertTrue(run.out().contains("HOSTNAME") && run.out().contains("SSL VERIFY"), run.out());
        assertEquals(List.of("cr.backend.ai", "https://cr.backend.ai", "docker", "stable", "robot", "set", "yes"),
                row(run, "cr.backend.ai"));
        assertEquals(List.of("registry.local:5000", "http://registry.local:5000", "docker", "-", "-", "-", "no"),
                row(run, "registry.local:5000"));
        assertTrue(run.out().endsWith("2 container registries\n"), run.out());
        assertTrue(images.callers.stream().allMatch(c -> c == Caller.SYSTEM));
    }

    @Test
    void registryShow() throws Exception {
        RegistryShowCommand show = new RegistryShowCommand();
        show.hostname = "cr.backend.ai";
        Run run = run(show);
        assertEquals("", run.err());
        noSecrets(run);
        assertTrue(hasLine(run, "Hostname", "cr.backend.ai"), run.out());
        assertTrue(hasLine(run, "URL", "https://cr.backend.ai"), run.out());
        assertTrue(hasLine(run, "Project", "stable"), run.out());
        assertTrue(hasLine(run, "Password", "set"), run.out());
        assertTrue(hasLine(run, "SSL verify", "yes"), run.out());
        assertTrue(hasLine(run, "Created", "2025-01-02 03:04:05 UTC"), run.out());

        show.hostname = "none";
        assertEquals("Error: no container registry 'none' (field: hostname)\n", run(show).err());
    }

    @Test
    void registryCreatePassesEveryOption() throws Exception {
        RegistryCreateCommand create = new RegistryCreateCommand();
        create.hostname = "harbor.lab";
        create.url = "https://harbor.lab";
        create.type = "docker";
        create.project = "ml";
        create.username = "bot";
        create.password = "s3cr3t";
        create.noSslVerify = true;
        Run run = run(create);
        assertEquals("", run.err());
        noSecrets(run);
        assertEquals(new RegistryInput("harbor.lab", "https://harbor.lab", "docker", "ml", "bot", "s3cr3t", false),
                images.calls.get(0));
        assertTrue(run.out().startsWith("Container registry harbor.lab created.\n"), run.out());
        assertTrue(hasLine(run, "Password", "set"), run.out());
        assertTrue(hasLine(run, "SSL verify", "no"), run.out());

        RegistryCreateCommand plain = new RegistryCreateCommand();
        plain.hostname = "localhost:5000";
        plain.url = "http://localhost:5000";
        run(plain);
        assertEquals(new RegistryInput("localhost:5000", "http://localhost:5000", null, null, null, null, null),
                images.calls.get(1), "omitted options are core's defaults");
        assertEquals("Error: container registry 'localhost:5000' exists (field: hostname)\n", run(plain).err());
    }

    @Test
    void registryUpdate() throws Exception {
        RegistryUpdateCommand update = new RegistryUpdateCommand();
        update.hostname = "cr.backend.ai";
        update.clearPassword = true;
        update.noSslVerify = true;
        Run run = run(update);
        assertEquals("", run.err());
        assertEquals(new RegistryInput(null, null, null, null, null, "", false), images.calls.get(0));
        assertTrue(hasLine(run, "Password", "-"), run.out());
        assertTrue(hasLine(run, "SSL verify", "no"), run.out());

        RegistryUpdateCommand on = new RegistryUpdateCommand();
        on.hostname = "registry.local:5000";
        on.sslVerify = true;
        on.password = "hunter2";
        on.username = "me";
        run = run(on);
        noSecrets(run);
        assertEquals(new RegistryInput(null, null, null, null, "me", "hunter2", true), images.calls.get(1));
        assertTrue(hasLine(run, "Password", "set"), run.out());

        RegistryUpdateCommand nothing = new RegistryUpdateCommand();
        nothing.hostname = "cr.backend.ai";
        assertTrue(run(nothing).err().startsWith("Error: nothing to change"));
        RegistryUpdateCommand both = new RegistryUpdateCommand();
        both.hostname = "cr.backend.ai";
        both.sslVerify = true;
        both.noSslVerify = true;
        assertEquals("Error: give either --ssl-verify or --no-ssl-verify, not both (field: ssl_verify)\n",
                run(both).err());
        RegistryUpdateCommand pw = new RegistryUpdateCommand();
        pw.hostname = "cr.backend.ai";
        pw.password = "x";
        pw.clearPassword = true;
        assertTrue(run(pw).err().contains("--clear-password"));
        assertEquals(2, images.calls.size(), "refused options never reach core");
    }

    @Test
    void registryDelete() throws Exception {
        RegistryDeleteCommand delete = new RegistryDeleteCommand();
        delete.hostname = "registry.local:5000";
        Run run = run(delete);
        assertEquals("Container registry registry.local:5000 deleted.\n", run.out());
        assertEquals(List.of("deleteRegistry", "registry.local:5000"), images.calls.get(0));
        assertEquals("Error: no container registry 'registry.local:5000' (field: hostname)\n", run(delete).err());
    }

    // ---- rescans ----

    @Test
    void rescanStartsAndTellsHowToFollow() throws Exception {
        RegistryRescanCommand rescan = new RegistryRescanCommand();
        Run run = run(rescan);
        assertEquals("", run.err());
        assertEquals("Rescan r-1 of all registries started.\nFollow it with berth:rescan-status r-1\n", run.out());
        assertEquals(Arrays.asList("rescan", null), images.calls.get(0));
        assertEquals(0, images.polls, "without --wait nothing is polled");
        assertEquals(500, rescan.pollMillis);

        RegistryRescanCommand one = new RegistryRescanCommand();
        one.hostname = "none";
        assertEquals("Error: no container registry 'none' (field: hostname)\n", run(one).err());
    }

    @Test
    void rescanWaitPrintsEachNewProgressLineOnceThenTheOutcomes() throws Exception {
        RegistryRescanCommand rescan = new RegistryRescanCommand();
        rescan.hostname = "cr.backend.ai";
        rescan.waitForIt = true;
        rescan.pollMillis = 1;
        Run run = run(rescan);
        assertEquals("", run.err());
        assertEquals(List.of("rescan", "cr.backend.ai"), images.calls.get(0));
        assertEquals(FakeImageService.STEPS, images.polls, "polled until done");
        assertEquals(List.of(
                "Rescan r-1 of cr.backend.ai started.",
                "rescan started",
                "repository 1 of 3",
                "repository 2 of 3",
                "cr.backend.ai/stable/broken: no manifest",
                "repository 3 of 3",
                "Rescan r-1 done: 3 of 3 repositories read.",
                "Outcomes:",
                "  cr.backend.ai: ok, 2 imported, 1 skipped",
                "  registry.local:5000: failed: connection refused"), run.out().lines().toList());
    }

    @Test
    void rescanStatus() throws Exception {
        RescanStatusCommand status = new RescanStatusCommand();
        Run empty = run(status);
        assertTrue(empty.out().contains("No rescans."), empty.out());

        images.rescan(Caller.SYSTEM, null);
        images.rescan(Caller.SYSTEM, "cr.backend.ai");
        for (int i = 0; i < FakeImageService.STEPS; i++) {
            images.task(Caller.SYSTEM, "r-1");
        }
        Run list = run(status);
        assertEquals(List.of("r-2", "cr.backend.ai", "running", "0/3", "2025-01-02 03:04:05 UTC", "-"),
                row(list, "r-2"));
        assertEquals(List.of("r-1", "all registries", "done", "3/3", "2025-01-02 03:04:05 UTC",
                "2025-01-02 03:04:10 UTC"), row(list, "r-1"));
        assertTrue(list.out().indexOf("r-2") < list.out().indexOf("r-1"), "newest first");
        assertTrue(list.out().endsWith("2 rescans\n"), list.out());

        status.id = "r-1";
        Run one = run(status);
        assertEquals("", one.err());
        assertTrue(hasLine(one, "Rescan", "r-1"), one.out());
        assertTrue(hasLine(one, "Registry", "all registries"), one.out());
        assertTrue(hasLine(one, "State", "done"), one.out());
        assertTrue(hasLine(one, "Repositories", "3 of 3"), one.out());
        assertTrue(one.out().contains("Outcomes:\n  cr.backend.ai: ok, 2 imported, 1 skipped\n"), one.out());
        assertTrue(one.out().contains("Progress:\n  rescan started\n  repository 1 of 3\n"), one.out());

        status.id = "r-9";
        assertEquals("Error: no rescan 'r-9' (field: id)\n", run(status).err());
    }

    // ---- images ----

    @Test
    void imageListWithFilters() throws Exception {
        ImageListCommand list = new ImageListCommand();
        list.images = images;
        Run run = Run.of(list, identity);
        assertEquals("", run.err());
        assertEquals(ImageQuery.ALL, images.calls.get(0));
        assertEquals(new PageRequest(0, PageRequest.DEFAULT_LIMIT, null, false), images.calls.get(1));
        assertEquals(List.of(FakeImageService.PYTHON, "x86_64", "1g", "cpu=1 mem=256m", "jupyter", "i-gpu1"),
                row(run, FakeImageService.PYTHON));
        assertEquals(List.of(FakeImageService.LOCAL, "aarch64", "0", "-", "-", "-"),
                row(run, FakeImageService.LOCAL));
        assertTrue(run.out().endsWith("2 of 2 images (offset 0)\n"), run.out());

        list.registry = "cr.backend.ai";
        list.name = "py";
        list.architecture = "x86_64";
        list.limit = 5;
        list.offset = 0;
        list.descending = true;
        list.orderBy = "reference";
        run = Run.of(list, identity);
        assertEquals(new ImageQuery("cr.backend.ai", "py", "x86_64"), images.calls.get(2));
        assertEquals(new PageRequest(0, 5, "reference", true), images.calls.get(3));
        assertTrue(run.out().endsWith("1 of 1 images (offset 0)\n"), run.out());
    }

    @Test
    void imageShow() throws Exception {
        ImageShowCommand show = new ImageShowCommand();
        show.reference = FakeImageService.PYTHON;
        Run run = run(show);
        assertEquals("", run.err());
        assertTrue(hasLine(run, "Reference", FakeImageService.PYTHON), run.out());
        assertTrue(hasLine(run, "Namespace", "stable"), run.out());
        assertTrue(hasLine(run, "Tag", "3.11"), run.out());
        assertTrue(hasLine(run, "Size", "1g"), run.out());
        assertTrue(hasLine(run, "Min resources", "cpu=1 mem=256m"), run.out());
        assertTrue(hasLine(run, "Max resources", "none"), run.out());
        assertTrue(hasLine(run, "Installed on", "i-gpu1"), run.out());
        assertTrue(run.out().contains("Apps:\n  jupyter (http: 8080)\n"), run.out());
        assertTrue(run.out().contains("Labels:\n  ai.backend.kernelspec=1\n"), run.out());

        show.reference = FakeImageService.LOCAL;
        run = run(show);
        assertTrue(hasLine(run, "Namespace", "-"), run.out());
        assertTrue(run.out().contains("Apps:\n  none\n"), run.out());
        assertFalse(run.out().contains("Labels:"), run.out());

        show.reference = "cr.backend.ai/none:1";
        assertEquals("Error: no image 'cr.backend.ai/none:1' (field: reference)\n", run(show).err());
    }

    @Test
    void imageSetMin() throws Exception {
        ImageSetMinCommand set = new ImageSetMinCommand();
        set.reference = FakeImageService.LOCAL;
        set.resources = "cpu=1,mem=256m";
        Run run = run(set);
        assertEquals("", run.err());
        assertEquals(new ImageUpdate(Map.of("cpu", "1", "mem", "256m"), null, null), images.calls.get(0),
                "amounts go to core as text");
        assertEquals("Minimum resources of " + FakeImageService.LOCAL + ": cpu=1 mem=256m\n", run.out());

        set.resources = "none";
        run = run(set);
        assertEquals(new ImageUpdate(Map.of(), null, null), images.calls.get(1));
        assertTrue(run.out().endsWith(": none\n"), run.out());

        set.resources = "cpu";
        assertTrue(run(set).err().startsWith("Error: --resources: 'cpu' is not name=amount"));
        assertEquals(2, images.calls.size());
    }

    @Test
    void imageAppAddAndRemove() throws Exception {
        ImageAppAddCommand add = new ImageAppAddCommand();
        add.reference = FakeImageService.PYTHON;
        add.name = "vscode";
        add.protocol = "http";
        add.ports = "8180, 8181";
        Run run = run(add);
        assertEquals("", run.err());
        assertEquals(new ImageUpdate(null, List.of(new ImageApp("vscode", "http", List.of(8180, 8181))), null),
                images.calls.get(0));
        assertEquals("App vscode added to " + FakeImageService.PYTHON + ".\n  jupyter (http: 8080)\n"
                + "  vscode (http: 8180, 8181)\n", run.out());

        add.ports = "80,http";
        assertEquals("Error: --ports: 'http' is not a port number (field: ports)\n", run(add).err());
        add.ports = ",";
        assertEquals("Error: --ports: give at least one port number (field: ports)\n", run(add).err());

        ImageAppRemoveCommand remove = new ImageAppRemoveCommand();
        remove.reference = FakeImageService.PYTHON;
        remove.name = "jupyter";
        run = run(remove);
        assertEquals("App jupyter removed from " + FakeImageService.PYTHON + ".\n", run.out());
        assertEquals(new ImageUpdate(null, null, List.of("jupyter")), images.calls.get(1));
        assertEquals("Error: image " + FakeImageService.PYTHON + " has no app 'jupyter' (field: remove_apps)\n",
                run(remove).err());
    }

    @Test
    void imageForget() throws Exception {
        ImageForgetCommand forget = new ImageForgetCommand();
        forget.reference = FakeImageService.LOCAL;
        Run run = run(forget);
        assertEquals("Image " + FakeImageService.LOCAL + " forgotten.\n", run.out());
        assertEquals(List.of("forget", FakeImageService.LOCAL), images.calls.get(0));
        assertEquals("Error: no image '" + FakeImageService.LOCAL + "' (field: reference)\n", run(forget).err());
    }

    @Test
    void theTaskStateIsWrittenInLowerCase() {
        assertEquals("running", ImageViews.state(new RescanTask("r", null, RescanTask.State.RUNNING, 0, 0, List.of(),
                List.of(), null, null)));
    }
}
