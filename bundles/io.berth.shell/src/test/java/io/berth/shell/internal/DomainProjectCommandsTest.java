package io.berth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.identity.Caller;
import io.berth.core.identity.Inputs.NewDomain;
import io.berth.core.identity.Inputs.NewProject;
import io.berth.core.identity.Project;
import java.util.List;
import org.junit.jupiter.api.Test;

class DomainProjectCommandsTest {
    private final FakeIdentityService identity = new FakeIdentityService();

    @Test
    void createShowAndListDomains() throws Exception {
        DomainCreateCommand create = new DomainCreateCommand();
        create.name = "lab";
        create.vfolderHosts = List.of("local:volume1,nfs:vol2");
        create.registries = List.of("cr.example.com");
        Run created = Run.of(create, identity);
        assertEquals("", created.err());
        assertTrue(created.out().contains("Vfolder hosts:        local:volume1, nfs:vol2"), created.out());
        assertTrue(created.out().contains("Projects:             1 (model-store)"), created.out());

        Run again = Run.of(create, identity);
        assertEquals("Error: a domain named 'lab' already exists (field: name)\n", again.err());

        Run list = Run.of(new DomainListCommand(), identity);
        assertTrue(list.out().contains("lab"), list.out());
        assertTrue(list.out().contains("2 of 2 domains (offset 0)"), list.out());
    }

    @Test
    void updateReplacesOrClearsLists() throws Exception {
        DomainUpdateCommand update = new DomainUpdateCommand();
        update.name = "default";
        update.registries = List.of("a.example.com", "b.example.com");
        Run.of(update, identity);
        assertEquals(List.of("a.example.com", "b.example.com"),
                identity.domains.get("default").allowedDockerRegistries());

        DomainUpdateCommand clear = new DomainUpdateCommand();
        clear.name = "default";
        clear.clearRegistries = true;
        Run.of(clear, identity);
        assertEquals(List.of(), identity.domains.get("default").allowedDockerRegistries());

        clear.registries = List.of("c.example.com");
        assertEquals("Error: give either --registry or its --clear flag, not both (field: registry)\n",
                Run.of(clear, identity).err());
    }

    @Test
    void deactivateAndActivateDomain() throws Exception {
        DomainDeactivateCommand off = new DomainDeactivateCommand();
        off.name = "default";
        assertEquals("Domain default is inactive.\n", Run.of(off, identity).out());
        assertFalse(identity.domains.get("default").active());
        DomainActivateCommand on = new DomainActivateCommand();
        on.name = "default";
        Run.of(on, identity);
        assertTrue(identity.domains.get("default").active());
    }

    @Test
    void projectsByIdOrDomainSlashName() throws Exception {
        ProjectCreateCommand create = new ProjectCreateCommand();
        create.domain = "default";
        create.name = "vision";
        create.resourcePolicy = "gpu";
        Run created = Run.of(create, identity);
        assertTrue(created.out().contains("Project default/vision created."), created.out());
        Project p = identity.projects.values().stream().filter(x -> x.name().equals("vision")).findFirst().orElseThrow();

        ProjectShowCommand byName = new ProjectShowCommand();
        byName.project = "default/vision";
        Run shown = Run.of(byName, identity);
        assertTrue(shown.out().contains("Id:                   " + p.id()), shown.out());
        assertTrue(shown.out().contains("Resource policy:      gpu"), shown.out());

        ProjectShowCommand byId = new ProjectShowCommand();
        byId.project = p.id();
        assertEquals(shown.out(), Run.of(byId, identity).out());

        ProjectShowCommand missing = new ProjectShowCommand();
        missing.project = "default/audio";
        assertEquals("Error: no project named 'audio' in domain 'default'\n", Run.of(missing, identity).err());
        missing.project = "nowhere/audio";
        assertEquals("Error: no domain named 'nowhere'\n", Run.of(missing, identity).err());

        ProjectDeactivateCommand off = new ProjectDeactivateCommand();
        off.project = "default/vision";
        assertEquals("Project default/vision (" + p.id() + ") is inactive.\n", Run.of(off, identity).out());
        assertFalse(identity.projects.get(p.id()).active());

        ProjectUpdateCommand update = new ProjectUpdateCommand();
        update.project = p.id();
        update.description = "Computer vision";
        Run.of(update, identity);
        assertEquals("Computer vision", identity.projects.get(p.id()).description());
    }

    @Test
    void projectListFiltersByDomain() throws Exception {
        identity.createDomain(Caller.SYSTEM,
                new NewDomain("lab", null, true, List.of(), List.of(), null));
        identity.createProject(Caller.SYSTEM, new NewProject("lab", "one", null, null, List.of(), List.of(), null, null));
        ProjectListCommand list = new ProjectListCommand();
        list.domain = "lab";
        Run run = Run.of(list, identity);
        assertTrue(run.out().contains("one"), run.out());
        assertTrue(run.out().contains("model-store"), run.out());
        assertTrue(run.out().contains("2 of 2 projects (offset 0)"), run.out());
    }
}
