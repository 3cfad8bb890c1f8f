package io.berth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.itests.Api.Resp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.inject.Inject;
import io.berth.itests.KarafShell.Out;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * SPEC S1–S7 against the distribution: quotas on a real btrfs (the loop-mounted file system CI creates at
 * {@code BERTH_BTRFS_MOUNT}, default /mnt/berth-btrfs; this test never skips) enforced by the kernel, set,
 * unset and falling back to the user policy; the folder count limit; project folders shared with members at
 * once with their permission and hidden from others; model cards from a real model-definition.yaml and the
 * error card of a broken one; role checks; a read-only folder mounted read-only into a real container; a
 * storage backend removed and installed again while the server runs.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class StorageIT extends BerthTestSupport {
    private static final EnumSet<FeaturesService.Option> NO_REFRESH = EnumSet.of(
            FeaturesService.Option.NoAutoRefreshBundles);
    private static final String DOMAIN = "storage-it";
    private static final String PASSWORD = "Passw0rd!x";
    private static final String MODEL_DEFINITION = String.join("\n",
            "models:",
            "  - name: Meta-Llama-3-8B-Instruct",
            "    model_path: /models",
            "    metadata:",
            "      author: meta-llama",
            "      title: meta-llama/Meta-Llama-3-8B-Instruct",
            "      description: Meta's Llama 3 by AI@Meta are dialogue-optimized, safe large language models.",
            "      task: text-generation",
            "      category: huggingface",
            "      license: llama3",
            "      architecture: LlamaForCausalLM",
            "      framework:",
            "        - transformers",
            "      label:",
            "        - meta",
            "        - llama-3",
            "      min_resource:",
            "        cuda.shares: 2.4305981636047362",
            "      created_at: '2024-04-17 09:35:12'",
            "");

    @Inject
    private FeaturesService features;

    @Inject
    private SessionFactory shell;

    private Api admin;

    @Before
    public void login() throws Exception {
        Api.awaitReady(PORT, "/admin/volumes", Duration.ofSeconds(90));
        admin = Api.loginWhenReady(PORT, "default", ADMIN_EMAIL, ADMIN_PASSWORD);
        if (admin.get("/admin/domains/" + DOMAIN).status() == 404) {
            must(admin.post("/admin/domains", Map.of("name", DOMAIN, "allowed_vfolder_hosts", List.of("local"))), 201);
            must(admin.post("/admin/projects", Map.of("domain_name", DOMAIN, "name", "lab")), 201);
            must(admin.call("PUT", "/admin/resource-groups/default/domains/" + DOMAIN, null), 204);
        }
    }

    private static Resp must(Resp r, int status) {
        assertEquals(r.toString(), status, r.status());
        return r;
    }

    private static List<JsonNode> items(JsonNode list) {
        JsonNode array = list.isArray() ? list : list.get("items");
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static List<String> names(Resp r) {
        return items(r.json()).stream().map(j -> j.get("name").asText()).toList();
    }

    /** A user of the storage-it domain, signing with its own keypair. */
    private Api user(String name, Map<String, Object> extra) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(Map.of("email", name + "@storage.it", "username", name,
                "password", PASSWORD, "domain_name", DOMAIN));
        body.putAll(extra);
        JsonNode created = must(admin.post("/admin/users", body), 201).json();
        return new Api(PORT, created.get("keypair").get("access_key").asText(),
                created.get("keypair").get("secret_key").asText());
    }

    private static Resp upload(Api as, String folder, String path, String content) throws Exception {
        return as.raw("PUT", "/folders/" + folder + "/files/" + path, content, "application/octet-stream",
                OffsetDateTime.now(ZoneOffset.UTC), null);
    }

    private static String folder(Api as, Map<String, Object> body) throws Exception {
        return must(as.post("/folders", body), 201).json().get("id").asText();
    }

    private static Path btrfsMount() throws Exception {
        String configured = System.getenv("BERTH_BTRFS_MOUNT");
        Path mount = Path.of(configured == null || configured.isBlank() ? "/mnt/berth-btrfs" : configured);
        assertTrue("a btrfs file system with quotas must be mounted at " + mount + " (CI mounts one; this test "
                + "never skips)", Files.isDirectory(mount) && "btrfs".equals(Files.getFileStore(mount).type()));
        return mount;
    }

    @Test
    public void btrfsQuotasAreEnforcedByTheKernelSetUnsetAndFallBackToThePolicy() throws Exception {
        features.installFeature("berth-storage-btrfs", NO_REFRESH);
        Path dir = btrfsMount().resolve("storage-it-" + UUID.randomUUID());
        Files.createDirectories(dir);
        String volume = "bt-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode created = null;
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        must(admin.post("/admin/volumes", Map.of("name", volume, "backend", "btrfs", "mount_path", dir.toString())),
                201);
        while (System.nanoTime() < end) {
            created = must(admin.get("/admin/volumes/" + volume), 200).json();
            if (created.get("available").asBoolean()) {
                break;
            }
            Thread.sleep(200);
        }
        assertTrue(created.toString(), created.get("available").asBoolean());
        List<String> caps = new ArrayList<>();
        created.get("capabilities").forEach(c -> caps.add(c.asText()));
        assertTrue(caps.toString(), caps.containsAll(List.of("vfolder", "quota", "usage", "clone")));

        must(admin.post("/admin/resource-policies/user", Map.of("name", "storage-small", "max_vfolder_count", 2,
                "max_quota_scope_size", "8m")), 201);
        must(admin.patch("/admin/domains/" + DOMAIN, Map.of("allowed_vfolder_hosts", List.of("local", volume))), 200);
        Api u = user("quota-user", Map.of("resource_policy", "storage-small"));
        String uid = "quota-user@storage.it"; // a user scope is named by the user's id or email
        String f1 = folder(u, Map.of("name", "data", "volume", volume));

        // the policy's max folder size is the scope's limit until an admin sets one
        String quota = "/admin/volumes/" + volume + "/quotas/user/" + uid;
        JsonNode q = must(admin.get(quota), 200).json();
        assertEquals(q.toString(), 8L << 20, q.get("hard_limit_bytes").asLong());
        assertEquals("policy", q.get("source").asText());
        assertTrue(q.get("quota_supported").asBoolean());
        must(u.get(quota), 403);
        must(u.call("PUT", quota, Map.of("hard_limit", "1m")), 403);

        q = must(admin.call("PUT", quota, Map.of("hard_limit", "1m")), 200).json();
        assertEquals(1L << 20, q.get("hard_limit_bytes").asLong());
        assertEquals("explicit", q.get("source").asText());
        must(upload(u, f1, "small.bin", "x".repeat(200 << 10)), 201);
        // over the quota: the kernel refuses the write and nothing half-written stays
        Resp refused = upload(u, f1, "big.bin", "y".repeat(2 << 20));
        assertEquals(refused.toString(), 409, refused.status());
        assertTrue(refused.toString(), refused.raw().body().contains("quota"));
        List<String> files = names(must(u.get("/folders/" + f1 + "/files"), 200));
        assertEquals(files.toString(), List.of("small.bin"), files);
        q = must(admin.get(quota), 200).json();
        assertTrue(q.toString(), q.get("used_bytes").asLong() >= 200 << 10);

        // unset: back to the policy's 8 MiB, and the same write now fits
        q = must(admin.delete(quota), 200).json();
        assertEquals(q.toString(), 8L << 20, q.get("hard_limit_bytes").asLong());
        assertEquals("policy", q.get("source").asText());
        assertNull(q.get("explicit_limit_bytes").isNull() ? null : q.get("explicit_limit_bytes"));
        must(upload(u, f1, "big.bin", "y".repeat(2 << 20)), 201);

        // the user policy allows two folders
        folder(u, Map.of("name", "second", "volume", volume));
        Resp third = must(u.post("/folders", Map.of("name", "third", "volume", volume)), 409);
        assertTrue(third.toString(), third.raw().body().contains("max_vfolder_count"));

        // the vfs volume has no quota capability: shown, but setting is refused with 422
        JsonNode local = must(admin.get("/admin/volumes/local/quotas/user/" + uid), 200).json();
        assertFalse(local.toString(), local.get("quota_supported").asBoolean());
        Resp noQuota = must(admin.call("PUT", "/admin/volumes/local/quotas/user/" + uid,
                Map.of("hard_limit", "1g")), 422);
        assertTrue(noQuota.contentType().contains("application/problem+json"));
        must(admin.call("PUT", quota, Map.of("hard_limit", "-5")), 400);
        must(admin.post("/admin/volumes", Map.of("name", "bad", "backend", "btrfs", "mount_path", "relative")), 400);

        // removing the backend makes the volume unavailable without losing anything; installing it again heals
        features.uninstallFeature("berth-storage-btrfs", NO_REFRESH);
        JsonNode gone = must(admin.get("/admin/volumes/" + volume), 200).json();
        assertFalse(gone.toString(), gone.get("available").asBoolean());
        assertTrue(gone.toString(), gone.get("unavailable_reason").asText().contains("btrfs"));
        must(u.post("/folders", Map.of("name", "while-gone", "volume", volume)), 409);
        features.installFeature("berth-storage-btrfs", NO_REFRESH);
        end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end && !must(admin.get("/admin/volumes/" + volume), 200).json().get("available")
                .asBoolean()) {
            Thread.sleep(200);
        }
        assertEquals(2L << 20, Long.parseLong(must(u.get("/folders/" + f1 + "/files/big.bin"), 200)
                .header("Content-Length")));
    }

    @Test
    public void projectFoldersAreSharedWithMembersAtOnceWithTheirPermission() throws Exception {
        Api member = user("member", Map.of("projects", List.of("lab")));
        Api outsider = user("outsider", Map.of());
        must(admin.post("/admin/users", Map.of("email", "lab-admin@storage.it", "username", "labadmin", "password",
                PASSWORD, "domain_name", DOMAIN, "role", "admin")), 201);
        Api domainAdmin = Api.login(PORT, DOMAIN, "lab-admin@storage.it", PASSWORD);

        // only admins create project folders
        must(member.post("/folders", Map.of("name", "mine", "type", "project", "project", "lab", "volume", "local")),
                403);
        String shared = folder(domainAdmin, Map.of("name", "shared", "type", "project", "project", "lab", "volume",
                "local", "permission", "ro"));
        must(upload(domainAdmin, shared, "docs/readme.txt", "read me"), 201);

        // the member sees it at once, read-only, without an invitation
        JsonNode seen = items(must(member.get("/folders"), 200).json()).stream()
                .filter(f -> f.get("id").asText().equals(shared)).findFirst().orElse(null);
        assertNotNull("the member sees the project folder", seen);
        assertEquals("ro", seen.get("my_permission").asText());
        assertEquals("project", seen.get("type").asText());
        assertEquals("read me", must(member.get("/folders/" + shared + "/files/docs/readme.txt"), 200).raw().body());
        must(upload(member, shared, "mine.txt", "no"), 403);
        must(member.delete("/folders/" + shared + "/files/docs/readme.txt"), 403);
        must(member.delete("/folders/" + shared), 403);

        // others do not see it at all
        assertFalse(names(must(outsider.get("/folders"), 200)).contains("shared"));
        must(outsider.get("/folders/" + shared), 404);
        must(outsider.get("/folders/" + shared + "/files/docs/readme.txt"), 404);

        // rw for members once the admin changes it; paths never leave the folder
        must(domainAdmin.patch("/folders/" + shared, Map.of("permission", "rw")), 200);
        must(upload(member, shared, "notes.txt", "hello"), 201);
        must(upload(member, shared, "..%2F..%2Fescape.txt", "no"), 400);
        must(member.delete("/folders/" + shared + "/files/notes.txt"), 403);

        // users may not read volumes or quotas
        must(member.get("/admin/volumes"), 403);
        must(member.post("/admin/volumes", Map.of("name", "x", "backend", "vfs", "mount_path", "/tmp/x")), 403);
        must(domainAdmin.post("/admin/volumes", Map.of("name", "x", "backend", "vfs", "mount_path", "/tmp/x")), 403);
    }

    @Test
    public void modelStoreFoldersBecomeCardsAndMembersCloneThem() throws Exception {
        Api member = user("modeller", Map.of("projects", List.of("model-store")));
        // every user belongs to the model-store project of their own domain: an outsider is of another domain
        Api outsider = user("not-modeller", Map.of("domain_name", "default"));
        Map<String, Object> card = new LinkedHashMap<>(Map.of("name", "llama3", "type", "project", "project",
                DOMAIN + "/model-store", "volume", "local", "usage_mode", "model", "permission", "rw", "cloneable",
                true));
        String llama = folder(admin, card);
        card.put("name", "broken");
        String broken = folder(admin, card);
        must(upload(admin, llama, "model-definition.yaml", MODEL_DEFINITION), 201);
        must(upload(admin, broken, "model-definition.yaml", "models:\n  - name: [unclosed\n"), 201);

        JsonNode ready = must(member.get("/model-store/cards/" + llama), 200).json();
        assertEquals(ready.toString(), "ready", ready.get("status").asText());
        assertEquals("meta-llama/Meta-Llama-3-8B-Instruct", ready.get("title").asText());
        JsonNode model = ready.get("models").get(0);
        assertEquals("Meta-Llama-3-8B-Instruct", model.get("name").asText());
        assertEquals("/models", model.get("model_path").asText());
        assertEquals("llama3", model.get("metadata").get("license").asText());
        assertEquals("transformers", model.get("metadata").get("framework").get(0).asText());

        JsonNode error = must(member.get("/model-store/cards/" + broken), 200).json();
        assertEquals(error.toString(), "error", error.get("status").asText());
        assertFalse(error.get("error").asText().isBlank());

        List<String> cards = items(must(member.get("/model-store/cards"), 200).json()).stream()
                .map(c -> c.get("folder_id").asText()).toList();
        assertTrue(cards.toString(), cards.containsAll(List.of(llama, broken)));
        List<String> hidden = items(must(outsider.get("/model-store/cards"), 200).json()).stream()
                .map(c -> c.get("folder_id").asText()).toList();
        assertFalse(hidden.toString(), hidden.contains(llama));
        must(outsider.get("/model-store/cards/" + llama), 404);

        // a member clones the cloneable card into a folder of their own
        String copy = must(member.post("/model-store/cards/" + llama + "/clone", Map.of("name", "my-llama")), 201)
                .json().get("id").asText();
        assertTrue(must(member.get("/folders/" + copy + "/files/model-definition.yaml"), 200).raw().body()
                .contains("Meta-Llama-3-8B-Instruct"));
        must(admin.patch("/folders/" + llama, Map.of("cloneable", false)), 200);
        must(member.post("/model-store/cards/" + llama + "/clone", Map.of("name", "again")), 403);
    }

    @Test
    public void aReadOnlyFolderIsMountedReadOnlyIntoTheSessionsContainer() throws Exception {
        Api member = user("mounter", Map.of("projects", List.of("lab")));
        must(admin.post("/admin/users", Map.of("email", "mount-admin@storage.it", "username", "mountadmin",
                "password", PASSWORD, "domain_name", DOMAIN, "role", "admin")), 201);
        Api domainAdmin = Api.login(PORT, DOMAIN, "mount-admin@storage.it", PASSWORD);
        String ro = folder(domainAdmin, Map.of("name", "reference", "type", "project", "project", "lab",
                "volume", "local", "permission", "ro"));
        must(upload(domainAdmin, ro, "hello.txt", "hello-from-the-folder"), 201);
        String own = folder(member, Map.of("name", "work", "volume", "local"));
        String command = "cat /home/work/reference/hello.txt; echo out > /home/work/work/out.txt; "
                + "if touch /home/work/reference/x 2>/dev/null; then echo writable; exit 4; fi; echo read-only";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "mounts");
        body.put("image", "berth-test/busybox:1");
        body.put("type", "batch");
        body.put("project", "lab");
        body.put("resources", Map.of("cpu", "0.25", "mem", "64m"));
        body.put("startup_command", command);
        body.put("mounts", List.of("reference", "work"));
        must(member.post("/sessions", Map.of("name", "bad", "image", "berth-test/busybox:1", "type", "batch",
                "startup_command", "true", "mounts", List.of("no-such-folder"))), 400);
        String id = must(member.post("/sessions", body), 201).json().get("id").asText();
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode s = null;
        while (System.nanoTime() < end) {
            s = must(member.get("/sessions/" + id), 200).json();
            String status = s.get("status").asText();
            if (status.equals("terminated") || status.equals("error") || status.equals("cancelled")) {
                break;
            }
            Thread.sleep(300);
        }
        String logs = must(member.get("/sessions/" + id + "/logs"), 200).raw().body();
        assertEquals(s + "\n" + logs, "terminated", s.get("status").asText());
        assertTrue(logs, logs.contains("hello-from-the-folder"));
        assertTrue(logs, logs.contains("read-only"));
        // the container's non-root user writes into its owner's folder
        Resp out = member.get("/folders/" + own + "/files/out.txt");
        assertEquals(out + "\n" + logs, 200, out.status());
        assertEquals("out\n", out.raw().body());
    }

    @Test
    public void theShellAdministersVolumesFoldersFilesAndQuotas() throws Exception {
        Api owner = user("shell-owner", Map.of());
        Out volumes = KarafShell.run(shell, "berth:volume-list");
        assertTrue(volumes.toString(), volumes.out().contains("local") && volumes.out().contains("vfs"));

        Out created = KarafShell.run(shell, "berth:folder-create --owner shell-owner@storage.it --volume local "
                + "shell-data");
        assertTrue(created.toString(), created.out().contains("Folder shell-data created ("));
        String id = created.out().substring(created.out().indexOf('(') + 1, created.out().indexOf(')'));
        assertTrue(names(must(owner.get("/folders"), 200)).contains("shell-data"));

        Path local = Files.createTempFile("berth-shell-upload", ".txt");
        Files.writeString(local, "from the shell");
        Out uploaded = KarafShell.run(shell, "berth:folder-upload " + id + " " + local + " notes/x.txt");
        assertTrue(uploaded.toString(), uploaded.err().isEmpty());
        assertEquals("from the shell", must(owner.get("/folders/" + id + "/files/notes/x.txt"), 200).raw().body());
        assertTrue(KarafShell.run(shell, "berth:folder-ls " + id + " notes").out().contains("x.txt"));
        Path back = local.resolveSibling(local.getFileName() + ".back");
        KarafShell.run(shell, "berth:folder-download " + id + " notes/x.txt " + back);
        assertEquals("from the shell", Files.readString(back));

        Out quota = KarafShell.run(shell, "berth:quota-show local user shell-owner@storage.it");
        assertTrue(quota.toString(), quota.out().contains("shell-owner@storage.it"));
        Out refused = KarafShell.run(shell, "berth:quota-set local user shell-owner@storage.it 1g");
        assertTrue(refused.toString(), refused.err().contains("quota"));

        KarafShell.run(shell, "berth:folder-rm " + id + " notes/x.txt");
        must(owner.get("/folders/" + id + "/files/notes/x.txt"), 404);
        KarafShell.run(shell, "berth:folder-delete " + id);
        must(owner.get("/folders/" + id), 404);
    }
}
