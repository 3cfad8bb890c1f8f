package io.berth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.itests.Api.Resp;
import io.berth.itests.KarafShell.Out;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
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

    private Out run(String command) throws Exception {
        return KarafShell.run(sessionFactory, command);
    }

    @Test
    public void shellAdministersTheSameDataAsRest() throws Exception {
        Api.awaitReady(PORT, "/admin/users", Duration.ofSeconds(90));
        Api admin = Api.loginWhenReady(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);

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

    @Test
    public void shellManagesPoliciesPresetsSettingsAndInformation() throws Exception {
        Api.awaitReady(PORT, "/admin/users", Duration.ofSeconds(90));
        Api admin = Api.loginWhenReady(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);

        Out created = run("berth:keypair-policy-create --slots cpu=4,mem=8g,cuda.shares=inf --max-concurrent-sessions 3 sh-kp");
        assertTrue(created.toString(), created.err().isEmpty());
        JsonNode kp = admin.get("/admin/resource-policies/keypair/sh-kp").json();
        assertEquals("4", kp.get("total_resource_slots").get("cpu").asText());
        assertEquals(String.valueOf(8L << 30), kp.get("total_resource_slots").get("mem").asText());
        assertEquals("Infinity", kp.get("total_resource_slots").get("cuda.shares").asText());
        assertEquals(3, kp.get("max_concurrent_sessions").asInt());
        assertTrue(run("berth:policy-list keypair").out().contains("sh-kp"));
        Out tooMuch = run("berth:keypair-policy-update --slots cpu=513 sh-kp");
        assertTrue(tooMuch.toString(), tooMuch.err().contains("512"));
        assertEquals("4", admin.get("/admin/resource-policies/keypair/sh-kp").json().get("total_resource_slots")
                .get("cpu").asText());

        Path dir = Files.createTempDirectory("berth-export");
        Path csv = dir.resolve("keypair-policies.csv");
        Out exported = run("berth:policy-export --format csv keypair " + csv);
        assertTrue(exported.toString(), exported.err().isEmpty());
        List<String> names = new ArrayList<>();
        try (CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(Files.newBufferedReader(csv, StandardCharsets.UTF_8))) {
            p.forEach(r -> names.add(r.get("name")));
        }
        List<String> viaRest = new ArrayList<>();
        admin.get("/admin/resource-policies/keypair").json().get("items").forEach(n -> viaRest.add(n.get("name").asText()));
        assertEquals(viaRest, names);
        Out again = run("berth:policy-export --format csv keypair " + csv);
        assertTrue("refuses to overwrite: " + again, !again.err().isEmpty());

        admin.post("/admin/users", java.util.Map.of("email", "sh-holder@it.test", "username", "shholder", "password",
                "Passw0rd!x"));
        String ak = admin.post("/admin/keypairs", java.util.Map.of("user_id", "sh-holder@it.test", "resource_policy",
                "sh-kp")).json().get("access_key").asText();
        Out refused = run("berth:policy-delete keypair sh-kp");
        assertTrue(refused.toString(), (refused.out() + refused.err()).contains(ak));
        assertEquals(200, admin.get("/admin/resource-policies/keypair/sh-kp").status());

        run("berth:preset-create --slots cpu=1,mem=1g --shared-memory 64m sh-preset");
        JsonNode preset = admin.get("/admin/resource-presets/sh-preset").json();
        assertEquals(64L << 20, preset.get("shared_memory").asLong());
        assertTrue(run("berth:preset-list").out().contains("sh-preset"));

        Out set = run("berth:settings-set --overlay-mtu 1450 --retries-to-skip sh-fifo=2");
        assertTrue(set.toString(), set.err().isEmpty());
        JsonNode settings = admin.get("/admin/settings").json();
        assertEquals(1450, settings.get("overlay_network_mtu").asInt());
        assertEquals(2, settings.get("retries_to_skip").get("sh-fifo").asInt());
        assertTrue(run("berth:settings-history").out().contains("network.overlay_mtu"));
        run("berth:settings-set --clear-retries-to-skip sh-fifo");
        assertFalse(admin.get("/admin/settings").json().get("retries_to_skip").has("sh-fifo"));

        Out info = run("berth:info");
        assertTrue(info.out(), info.out().contains("io.berth.core"));
        assertTrue(run("berth:slots").out().contains("cuda.device"));
        run("berth:domain-create --slots cpu=16 shell-slots-domain");
        assertEquals("16", admin.get("/admin/domains/shell-slots-domain").json().get("total_resource_slots").get("cpu")
                .asText());
        run("berth:domain-update --slots cpu=32,mem=64g shell-slots-domain");
        assertEquals(String.valueOf(64L << 30), admin.get("/admin/domains/shell-slots-domain").json()
                .get("total_resource_slots").get("mem").asText());
    }

    @Test
    public void shellManagesAgentsResourceGroupsAndSecondFactors() throws Exception {
        Api.awaitReady(PORT, "/admin/agents", Duration.ofSeconds(90));
        Api admin = Api.loginWhenReady(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);
        String agent = null;
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (agent == null && System.nanoTime() < end) {
            for (JsonNode a : admin.get("/admin/agents?status=alive").json().get("items")) {
                if (!a.get("id").asText().startsWith("it-")) {
                    agent = a.get("id").asText();
                }
            }
            Thread.sleep(250);
        }
        assertTrue("the local agent registered", agent != null);
        assertTrue(run("berth:agent-list").out().contains(agent));
        assertTrue(run("berth:agent-show " + agent).out().contains("default"));
        Out off = run("berth:agent-schedulable " + agent + " false");
        assertTrue(off.toString(), off.err().isEmpty());
        assertFalse(admin.get("/admin/agents/" + agent).json().get("schedulable").asBoolean());
        run("berth:agent-schedulable " + agent + " true");
        assertTrue(admin.get("/admin/agents/" + agent).json().get("schedulable").asBoolean());

        Out created = run("berth:resource-group-create --scheduler drf --session-types batch,interactive"
                + " --retries-to-skip 4 sh-rg");
        assertTrue(created.toString(), created.err().isEmpty());
        JsonNode group = admin.get("/admin/resource-groups/sh-rg").json();
        assertEquals("drf", group.get("scheduler").asText());
        assertEquals(4, group.get("scheduler_options").get("retries_to_skip").asInt());
        run("berth:resource-group-allow --domain default sh-rg");
        assertTrue(admin.get("/admin/resource-groups/sh-rg/associations").json().get("domains").toString()
                .contains("default"));
        assertTrue(run("berth:resource-group-show sh-rg").out().contains("default"));
        run("berth:resource-group-disallow --domain default sh-rg");
        assertFalse(admin.get("/admin/resource-groups/sh-rg/associations").json().get("domains").toString()
                .contains("default"));
        Out refused = run("berth:resource-group-delete default");
        assertTrue(refused.toString(), !(refused.err() + refused.out()).isEmpty());
        assertEquals(200, admin.get("/admin/resource-groups/default").status());
        run("berth:resource-group-delete sh-rg");
        assertEquals(404, admin.get("/admin/resource-groups/sh-rg").status());

        Out status = run("berth:2fa-status " + ADMIN_EMAIL);
        assertTrue(status.toString(), status.out().contains("no second factor is installed"));
    }
}
