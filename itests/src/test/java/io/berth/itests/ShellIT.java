package io.berth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.berth.itests.Api.Resp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/** The berth:* shell commands through Karaf's session, checked against the REST view of the same data. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ShellIT extends BerthTestSupport {
    @Inject
    private SessionFactory sessionFactory;

    record Out(String out, String err) {
    }

    private Out run(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream po = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream pe = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            Session s = sessionFactory.create(new ByteArrayInputStream(new byte[0]), po, pe);
            try {
                s.execute(command);
            } finally {
                s.close();
            }
        }
        return new Out(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void shellAdministersTheSameDataAsRest() throws Exception {
        Api.awaitReady(PORT, "/admin/users", Duration.ofSeconds(90));
        Api admin = Api.login(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);

        Out created = run("berth:user-create --username shellone --password 'Passw0rd!x' --full-name 'Shell One' shell.one@it.test");
        assertTrue(created.toString(), created.out().contains("Secret key:"));
        Resp viaRest = admin.get("/admin/users/shell.one@it.test");
        assertEquals(200, viaRest.status());
        assertEquals("Shell One", viaRest.json().get("full_name").asText());

        Out list = run("berth:user-list --email shell.one");
        assertTrue(list.out(), list.out().contains("shell.one@it.test"));
        assertTrue(run("berth:user-show shell.one@it.test").out().contains("shellone"));

        Out weak = run("berth:user-create --password weak shell.two@it.test");
        assertTrue(weak.toString(), weak.err().contains("Error:"));
        assertEquals(404, admin.get("/admin/users/shell.two@it.test").status());

        Out dup = run("berth:user-create --username other --password 'Passw0rd!x' shell.one@it.test");
        assertTrue(dup.toString(), dup.err().contains("already exists"));

        run("berth:user-deactivate shell.one@it.test");
        assertEquals("inactive", admin.get("/admin/users/shell.one@it.test").json().get("status").asText());
        Out inactiveKeys = run("berth:keypair-list --inactive --user shell.one@it.test");
        String mainAk = viaRest.json().get("main_access_key").asText();
        assertTrue(inactiveKeys.out(), inactiveKeys.out().contains(mainAk));
        assertFalse(inactiveKeys.out().contains(viaRest.json().path("secret_key").asText("no-secret-here")));

        run("berth:domain-create --description 'From the shell' shell-domain");
        assertEquals(200, admin.get("/admin/domains/shell-domain").status());
        // options declared on a shared superclass of the update commands
        Out updated = run("berth:domain-update --vfolder-host local --registry cr.example.com shell-domain");
        assertTrue(updated.toString(), updated.err().isEmpty());
        assertEquals("local", admin.get("/admin/domains/shell-domain").json().get("allowed_vfolder_hosts").get(0).asText());
        assertEquals("cr.example.com",
                admin.get("/admin/domains/shell-domain").json().get("allowed_docker_registries").get(0).asText());
        run("berth:project-create shell-domain lab");
        assertTrue(run("berth:project-list --domain shell-domain").out().contains("lab"));
        Out help = run("help berth");
        assertTrue(help.out(), help.out().contains("user-list"));
    }
}
