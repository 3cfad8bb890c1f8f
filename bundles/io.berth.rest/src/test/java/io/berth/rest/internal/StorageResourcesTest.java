package io.berth.rest.internal;

import static io.berth.rest.internal.RestApplicationTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.auth.AuthService;
import io.berth.core.auth.BackendAiSignature;
import io.berth.core.auth.LoginResult;
import io.berth.core.auth.Principal;
import io.berth.core.auth.SignedRequest;
import io.berth.core.error.AuthenticationException;
import io.berth.core.identity.Caller;
import io.berth.core.storage.FolderInput;
import io.berth.core.storage.FolderOwner;
import io.berth.core.storage.FolderQuery;
import io.berth.core.storage.FolderUpdate;
import io.berth.core.storage.VolumeInput;
import io.berth.rest.internal.InMemoryRest.Answer;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SPEC S1–S7 over HTTP: volumes, quotas, folders, their files and the model store. */
class StorageResourcesTest {
    private static final String ADMIN = FakeAuthService.ADMIN_KEY;
    private static final String USER = FakeAuthService.USER_KEY;
    private InMemoryRest rest;

    @BeforeEach
    void setUp() {
        rest = new InMemoryRest();
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** No secret option value, sealed or not, anywhere in an answer. */
    private static void noSecrets(Answer a) {
        String text = a.text();
        for (String secret : FakeStorageService.SECRETS) {
            assertFalse(text.contains(secret), text);
        }
        assertFalse(text.contains("\"api_password\":"), text);
    }

    // ---- volumes ----

    @Test
    void volumeListAndViewShowSecretOptionNamesButNeverTheirValues() {
        Answer a = rest.signed("GET", "/admin/volumes", ADMIN).send();
        assertEquals(200, a.status(), a::toString);
        noSecrets(a);
        JsonNode body = a.json();
        assertEquals(List.of("items", "total", "offset", "limit"), fieldNames(body));
        assertEquals(2, body.path("total").asInt());
        JsonNode local = body.path("items").path(0);
        assertEquals(List.of("name", "backend", "mount_path", "options", "secret_options", "available",
                "unavailable_reason", "capabilities", "used_bytes", "capacity_bytes", "folder_count", "created_at",
                "modified_at"), fieldNames(local));
        assertEquals("local", local.path("name").asText());
        assertEquals("/mnt/local", local.path("mount_path").asText());
        assertEquals(List.of("project_quota"), fieldNames(local.path("options")));
        assertEquals("api_password", local.path("secret_options").path(0).asText());
        assertTrue(local.path("available").asBoolean());
        assertTrue(local.path("unavailable_reason").isNull());
        assertEquals(2, local.path("folder_count").asLong());
        assertEquals(4096, local.path("capacity_bytes").asLong());
        assertEquals("2025-04-05T06:07:08Z", local.path("modified_at").asText());
        JsonNode netapp = body.path("items").path(1);
        assertFalse(netapp.path("available").asBoolean(true));
        assertTrue(netapp.path("used_bytes").isNull());
        assertEquals(0, netapp.path("capabilities").size());

        Answer one = rest.signed("GET", "/admin/volumes/local", ADMIN).send();
        assertEquals(local, one.json());
        noSecrets(one);
        assertEquals("name", assertProblem(rest.signed("GET", "/admin/volumes/none", ADMIN).send(), 404,
                "not-found").path("field").asText());
        assertProblem(rest.signed("GET", "/admin/volumes", USER).send(), 403, "forbidden");
        assertProblem(rest.request("GET", "/admin/volumes").send(), 401, "unauthorized");
    }

    @Test
    void aSecretOptionThatReachesTheViewIsLeftOut() {
        var leaky = new io.berth.core.storage.VolumeView("v", "xfs", "/mnt/v",
                Map.of("api_password", "sealed:x", "host_token", "t0k", "region", "eu"), List.of("api_password"),
                true, null, List.of("vfolder"), null, null, 0, null, null);
        Views.VolumeView v = Views.VolumeView.of(leaky);
        assertEquals(Map.of("region", "eu"), v.options(), "declared secret and always-secret names are left out");
        assertEquals(List.of("api_password"), v.secretOptions());
    }

    @Test
    void volumeCreationUpdateAndDeletion() {
        Answer a = rest.signed("POST", "/admin/volumes", ADMIN).json("{\"name\":\"fast\",\"backend\":\"xfs\","
                + "\"mount_path\":\"/mnt/fast\",\"options\":{\"api_password\":\"s3cr3t\",\"x\":\"1\"},"
                + "\"secret_options\":[\"api_password\"]}").send();
        assertEquals(201, a.status(), a::toString);
        assertEquals("/admin/volumes/fast", a.header("Location"));
        noSecrets(a);
        assertEquals(new VolumeInput("fast", "xfs", "/mnt/fast", Map.of("api_password", "s3cr3t", "x", "1"),
                List.of("api_password")), rest.storage.calls.get(0));
        assertEquals("sealed:s3cr3t", rest.storage.volumes.get("fast").options().get("api_password"));
        assertEquals("api_password", a.json().path("secret_options").path(0).asText());
        assertEquals(Map.of("x", "1").keySet().iterator().next(), fieldNames(a.json().path("options")).get(0));

        Answer patched = rest.signed("PATCH", "/admin/volumes/fast", ADMIN)
                .json("{\"options\":{\"api_password\":null,\"x\":\"2\"}}").send();
        assertEquals(200, patched.status(), patched::toString);
        noSecrets(patched);
        VolumeInput change = (VolumeInput) rest.storage.calls.get(1);
        assertTrue(change.options().containsKey("api_password") && change.options().get("api_password") == null,
                "a null secret option is passed on as null: " + change);
        assertNull(change.name());

        assertProblem(rest.signed("POST", "/admin/volumes", ADMIN).json("{\"name\":\"fast\"}").send(), 409,
                "conflict");
        assertEquals("mount", assertProblem(rest.signed("POST", "/admin/volumes", ADMIN)
                .json("{\"name\":\"v\",\"mount\":\"/x\"}").send(), 400, "invalid-json").path("field").asText());
        assertProblem(rest.signed("POST", "/admin/volumes", ADMIN).send(), 400, "invalid-input");
        assertProblem(rest.signed("POST", "/admin/volumes", USER).json("{\"name\":\"v\"}").send(), 403, "forbidden");

        assertProblem(rest.signed("DELETE", "/admin/volumes/local", ADMIN).send(), 409, "conflict");
        Answer gone = rest.signed("DELETE", "/admin/volumes/fast", ADMIN).send();
        assertEquals(204, gone.status(), gone::toString);
        assertFalse(rest.storage.volumes.containsKey("fast"));
    }

    // ---- quotas ----

    @Test
    void quotasListShowSetAndUnset() {
        Answer list = rest.signed("GET", "/admin/volumes/local/quotas", ADMIN).send();
        assertEquals(200, list.status(), list::toString);
        assertEquals(FolderOwner.USER, rest.storage.calls.get(0), "user scopes by default");
        JsonNode q = list.json().path("items").path(0);
        assertEquals(List.of("volume", "type", "scope_id", "scope_name", "used_bytes", "hard_limit_bytes",
                "explicit_limit_bytes", "source", "policy", "policy_limit_bytes", "quota_supported"), fieldNames(q));
        assertEquals("user", q.path("type").asText());
        assertEquals("alice@berth.io", q.path("scope_name").asText());
        assertEquals("policy", q.path("source").asText());
        assertTrue(q.path("explicit_limit_bytes").isNull());

        Answer projects = rest.signed("GET", "/admin/volumes/local/quotas?type=project", ADMIN).send();
        assertEquals("project", projects.json().path("items").path(0).path("type").asText(), projects::toString);
        assertEquals("type", assertProblem(rest.signed("GET", "/admin/volumes/local/quotas?type=group", ADMIN)
                .send(), 400, "invalid-input").path("field").asText());

        String alice = "/admin/volumes/local/quotas/user/alice@berth.io";
        assertEquals("alice@berth.io", rest.signed("GET", alice, ADMIN).send().json().path("scope_name").asText());
        Answer set = rest.signed("PUT", alice, ADMIN).json("{\"hard_limit\":\"10g\"}").send();
        assertEquals(200, set.status(), set::toString);
        assertEquals(10L << 30, set.json().path("hard_limit_bytes").asLong());
        assertEquals("explicit", set.json().path("source").asText());
        Answer bytes = rest.signed("PUT", alice, ADMIN).json("{\"hard_limit\":1073741824}").send();
        assertEquals(1L << 30, bytes.json().path("explicit_limit_bytes").asLong(), bytes::toString);

        Answer unset = rest.signed("DELETE", alice, ADMIN).send();
        assertEquals(200, unset.status(), unset::toString);
        assertEquals("policy", unset.json().path("source").asText());
        assertTrue(unset.json().path("explicit_limit_bytes").isNull());

        assertEquals("type", assertProblem(rest.signed("GET", "/admin/volumes/local/quotas/team/x", ADMIN).send(),
                400, "invalid-input").path("field").asText());
        assertProblem(rest.signed("GET", "/admin/volumes/local/quotas/user/nobody", ADMIN).send(), 404, "not-found");
        assertProblem(rest.signed("PUT", alice, USER).json("{\"hard_limit\":\"1g\"}").send(), 403, "forbidden");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"hard_limit\":\"ten gigs\"}  | invalid-input | hard_limit",
            "{\"hard_limit\":0}             | invalid-input | hard_limit",
            "{\"hard_limit\":-5}            | invalid-input | hard_limit",
            "{\"hard_limit\":\"2p\"}        | invalid-input | hard_limit",
            "{}                             | invalid-input | hard_limit",
            "{\"hard_limit\":true}          | invalid-input | hard_limit",
            "{\"limit\":\"1g\"}             | invalid-json  | limit",
    })
    void badQuotaLimitsNameTheField(String json, String type, String field) {
        JsonNode p = assertProblem(rest.signed("PUT", "/admin/volumes/local/quotas/user/alice@berth.io", ADMIN)
                .json(json).send(), 400, type);
        assertEquals(field, p.path("field").asText(), p::toString);
        assertTrue(rest.storage.explicitQuotas.isEmpty(), "nothing was set");
    }

    @Test
    void aQuotaOnABackendWithoutQuotasIs422() {
        JsonNode p = assertProblem(rest.signed("PUT", "/admin/volumes/netapp/quotas/user/alice@berth.io", ADMIN)
                .json("{\"hard_limit\":\"1g\"}").send(), 422, "quota-unsupported");
        assertEquals("hard_limit", p.path("field").asText());
        assertEquals("Unprocessable request", p.path("title").asText());
    }

    // ---- folders ----

    @Test
    void folderListAndView() {
        Answer a = rest.signed("GET", "/folders", USER).send();
        assertEquals(200, a.status(), a::toString);
        JsonNode body = a.json();
        assertEquals(1, body.path("total").asInt(), "a user sees their own folder");
        JsonNode f = body.path("items").path(0);
        assertEquals(List.of("id", "name", "volume", "type", "owner_id", "owner_name", "domain_name", "creator_id",
                "usage_mode", "permission", "my_permission", "cloneable", "model_store", "created_at",
                "modified_at"), fieldNames(f));
        assertEquals("data", f.path("name").asText());
        assertEquals("user", f.path("type").asText());
        assertEquals("general", f.path("usage_mode").asText());
        assertEquals("rw", f.path("permission").asText());
        assertEquals("rw", f.path("my_permission").asText());
        assertEquals(FolderQuery.MINE, rest.storage.calls.get(0));

        Answer all = rest.signed("GET", "/folders?type=project&project=models&usage_mode=model&volume=local"
                + "&owner=x&all=true", ADMIN).send();
        assertEquals(200, all.status(), all::toString);
        assertEquals(new FolderQuery("project", "models", "model", "local", "x", true), rest.storage.calls.get(1));
        assertTrue(all.json().path("items").path(0).path("model_store").asBoolean());
        assertEquals("all", assertProblem(rest.signed("GET", "/folders?all=maybe", ADMIN).send(), 400,
                "invalid-input").path("field").asText());

        assertEquals(f, rest.signed("GET", "/folders/f-1", USER).send().json());
        assertEquals(f, rest.signed("GET", "/folders/data", USER).send().json(), "by name");
        assertProblem(rest.signed("GET", "/folders/f-2", USER).send(), 404, "not-found");

        Answer hosts = rest.signed("GET", "/folders/hosts?project=models", USER).send();
        assertEquals(200, hosts.status(), hosts::toString);
        assertEquals("{\"allowed\":[\"local\"]}", hosts.text());
        assertEquals("hosts:models", rest.storage.calls.get(rest.storage.calls.size() - 1));
    }

    @Test
    void folderCreationChangeCloneAndDeletion() {
        Answer a = rest.signed("POST", "/folders", USER).json("{\"name\":\"work\",\"usage_mode\":\"data\","
                + "\"permission\":\"wd\",\"cloneable\":true}").send();
        assertEquals(201, a.status(), a::toString);
        String id = a.json().path("id").asText();
        assertEquals("/folders/" + id, a.header("Location"));
        assertEquals(new FolderInput("work", null, null, null, "data", "wd", true), rest.storage.calls.get(0));
        assertEquals("data", a.json().path("usage_mode").asText());
        assertEquals(FakeAuthService.USER, rest.storage.callers.get(0));

        assertProblem(rest.signed("POST", "/folders", USER).json("{\"name\":\"work\"}").send(), 409, "conflict");
        assertEquals("name", assertProblem(rest.signed("POST", "/folders", USER).json("{}").send(), 400,
                "invalid-input").path("field").asText());
        assertProblem(rest.signed("POST", "/folders", USER).json("{\"name\":\"p\",\"type\":\"project\","
                + "\"project\":\"models\"}").send(), 403, "forbidden");
        assertEquals("owner", assertProblem(rest.signed("POST", "/folders", USER).json("{\"name\":\"p\","
                + "\"owner\":\"x\"}").send(), 400, "invalid-json").path("field").asText());

        Answer patched = rest.signed("PATCH", "/folders/" + id, USER).json("{\"name\":\"work2\",\"cloneable\":false}")
                .send();
        assertEquals(200, patched.status(), patched::toString);
        assertEquals(new FolderUpdate("work2", null, false), rest.storage.calls.get(rest.storage.calls.size() - 1));
        assertEquals("work2", patched.json().path("name").asText());
        assertEquals("permission", assertProblem(rest.signed("PATCH", "/folders/" + id, USER)
                .json("{\"permission\":\"all\"}").send(), 400, "invalid-input").path("field").asText());

        Answer clone = rest.signed("POST", "/folders/f-2/clone", USER).json("{\"name\":\"my-llama\"}").send();
        assertEquals(201, clone.status(), clone::toString);
        String cloneId = clone.json().path("id").asText();
        assertEquals("/folders/" + cloneId, clone.header("Location"));
        assertEquals("local", clone.json().path("volume").asText(), "the source's volume by default");
        assertTrue(rest.storage.files.get(cloneId).containsKey("model-definition.yaml"));
        assertProblem(rest.signed("POST", "/folders/f-1/clone", ADMIN).json("{\"name\":\"c\","
                + "\"volume\":\"gone\"}").send(), 409, "conflict");

        Answer gone = rest.signed("DELETE", "/folders/" + id, USER).send();
        assertEquals(204, gone.status(), gone::toString);
        assertProblem(rest.signed("GET", "/folders/" + id, USER).send(), 404, "not-found");
    }

    // ---- files ----

    @Test
    void fileListMkdirAndDelete() {
        Answer root = rest.signed("GET", "/folders/f-1/files", USER).send();
        assertEquals(200, root.status(), root::toString);
        assertEquals("", rest.storage.calls.get(0), "the root when no path is given");
        JsonNode docs = root.json().path("items").path(0);
        assertEquals(List.of("path", "name", "type", "size", "modified_at"), fieldNames(docs));
        assertEquals("directory", docs.path("type").asText());
        Answer inDocs = rest.signed("GET", "/folders/f-1/files?path=docs", USER).send();
        assertEquals("docs/readme.txt", inDocs.json().path("items").path(0).path("path").asText(), inDocs::toString);
        assertEquals(5, inDocs.json().path("items").path(0).path("size").asLong());
        assertEquals("path", assertProblem(rest.signed("GET", "/folders/f-1/files?path=../etc", USER).send(), 400,
                "invalid-input").path("field").asText());

        Answer mkdir = rest.signed("POST", "/folders/f-1/mkdir", USER).json("{\"path\":\"runs/2025 june\"}").send();
        assertEquals(201, mkdir.status(), mkdir::toString);
        assertEquals("/folders/f-1/files/runs/2025%20june", mkdir.header("Location"));
        assertEquals("directory", mkdir.json().path("type").asText());
        assertEquals("path", assertProblem(rest.signed("POST", "/folders/f-1/mkdir", USER).json("{}").send(), 400,
                "invalid-input").path("field").asText());

        assertProblem(rest.signed("DELETE", "/folders/f-1/files/docs", USER).send(), 403, "forbidden");
        assertProblem(rest.signed("DELETE", "/folders/f-1/files/docs", ADMIN).send(), 409, "conflict");
        Answer rm = rest.signed("DELETE", "/folders/f-1/files/docs?recursive=true", ADMIN).send();
        assertEquals(204, rm.status(), rm::toString);
        assertEquals(true, rest.storage.calls.get(rest.storage.calls.size() - 1));
        assertFalse(rest.storage.files.get("f-1").containsKey("docs/readme.txt"));
        assertProblem(rest.signed("DELETE", "/folders/f-1/files/docs", ADMIN).send(), 404, "not-found");
        assertEquals("recursive", assertProblem(rest.signed("DELETE", "/folders/f-1/files/x?recursive=1", ADMIN)
                .send(), 400, "invalid-input").path("field").asText());
    }

    /** Bytes made up as they are read; counts how many were read. */
    private static final class Generated extends InputStream {
        final long size;
        final AtomicLong read = new AtomicLong();

        Generated(long size) {
            this.size = size;
        }

        static byte at(long i) {
            return (byte) (i * 31 + (i >>> 8));
        }

        @Override
        public int read() {
            long i = read.get();
            if (i >= size) {
                return -1;
            }
            read.incrementAndGet();
            return at(i) & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            long i = read.get();
            if (i >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - i);
            for (int k = 0; k < n; k++) {
                b[off + k] = at(i + k);
            }
            read.addAndGet(n);
            return n;
        }
    }

    @Test
    void uploadIsStreamedToTheStorageAndDownloadsTheSameBytes() {
        long size = 4L << 20;
        Generated body = new Generated(size);
        long[] readWhenCalled = {-1};
        rest.storage.onUpload = () -> readWhenCalled[0] = body.read.get();
        Answer up = rest.signed("PUT", "/folders/f-1/files/models/weights%20v1.bin", USER)
                .stream("application/octet-stream", body).send();
        assertEquals(201, up.status(), up::toString);
        assertTrue(readWhenCalled[0] >= 0 && readWhenCalled[0] <= 64 * 1024,
                "the body reaches the storage unread, not buffered: " + readWhenCalled[0] + " bytes read before");
        assertEquals(size, body.read.get());
        assertEquals("/folders/f-1/files/models/weights%20v1.bin", up.header("Location"));
        JsonNode e = up.json();
        assertEquals("models/weights v1.bin", e.path("path").asText());
        assertEquals(size, e.path("size").asLong());
        assertEquals(List.of("models/weights v1.bin", false), rest.storage.calls.subList(0, 2));

        Answer down = rest.signed("GET", "/folders/f-1/files/models/weights%20v1.bin", USER).send();
        assertEquals(200, down.status(), down::toString);
        assertEquals("application/octet-stream", down.mediaType().toString());
        assertEquals(Long.toString(size), down.header("Content-Length"));
        assertEquals("attachment; filename=\"weights v1.bin\"; filename*=UTF-8''weights%20v1.bin",
                down.header("Content-Disposition"));
        assertEquals(size, down.body().length);
        for (int i = 0; i < down.body().length; i += 4093) {
            assertEquals(Generated.at(i), down.body()[i], "byte " + i);
        }

        assertProblem(rest.signed("PUT", "/folders/f-1/files/models/weights%20v1.bin", USER)
                .body("application/octet-stream", "x").send(), 409, "conflict");
        Answer over = rest.signed("PUT", "/folders/f-1/files/models/weights%20v1.bin?overwrite=true", USER)
                .body("application/octet-stream", "new").send();
        assertEquals(200, over.status(), over::toString);
        assertEquals(3, over.json().path("size").asLong());
        assertArrayEquals("new".getBytes(StandardCharsets.UTF_8),
                rest.signed("GET", "/folders/f-1/files/models/weights%20v1.bin", USER).send().body());

        assertProblem(rest.signed("PUT", "/folders/f-1/files/a.json", USER).json("{}").send(), 415, "http-415");
        assertProblem(rest.signed("PUT", "/folders/f-2/files/a.bin", USER).body("application/octet-stream", "x")
                .send(), 404, "not-found");
        assertProblem(rest.signed("GET", "/folders/f-1/files/none.bin", USER).send(), 404, "not-found");
        assertProblem(rest.signed("GET", "/folders/f-1/files/..%2Fx", USER).send(), 400, "invalid-input");
    }

    @Test
    void downloadNamesAreSafeInTheHeader() {
        assertEquals("attachment; filename=\"a_b_c.txt\"; filename*=UTF-8''a%22b%5Cc.txt",
                FolderResource.disposition("a\"b\\c.txt"));
        assertEquals("attachment; filename=\"r_sum_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf",
                FolderResource.disposition("résumé.pdf"));
        assertEquals("attachment; filename=\"x__y\"; filename*=UTF-8''x%0D%0Ay", FolderResource.disposition("x\r\ny"));
        assertEquals("attachment; filename=\"download\"; filename*=UTF-8''..", FolderResource.disposition(".."));
    }

    // ---- signed uploads ----

    /** Verifies real Backend.AI signatures with one known secret key. */
    private static final class SigningAuth implements AuthService {
        static final String KEY = "AKSIGNED";
        static final String SECRET = "sk-signed-secret";
        final List<SignedRequest> seen = new ArrayList<>();

        @Override
        public Principal authenticate(SignedRequest request, Instant now) {
            seen.add(request);
            BackendAiSignature.Credential c = BackendAiSignature.parseAuthorization(request.authorization());
            if (!c.accessKey().equals(KEY) || !BackendAiSignature.matches(request, SECRET, c.signature())) {
                throw new AuthenticationException("invalid signature");
            }
            return new Principal(FakeAuthService.LIMITED, 1000);
        }

        @Override
        public LoginResult authorize(String domain, String email, String password, Map<String, Object> extra) {
            throw new AuthenticationException("no logins here");
        }
    }

    private static String sign(String method, String target, String contentType, String date) {
        SignedRequest r = new SignedRequest(method, target, "api.berth.test", contentType, date, "v8.20240915",
                null);
        return "BackendAI signMethod=HMAC-SHA256, credential=" + SigningAuth.KEY + ":"
                + BackendAiSignature.sign(r, SigningAuth.SECRET);
    }

    private static Answer send(ApplicationHandler handler, String method, String target, String authorization,
            String contentType, String date, InputStream body) throws Exception {
        URI base = InMemoryRest.BASE;
        ContainerRequest req = new ContainerRequest(base, base.resolve(target.substring(1)), method, null,
                new MapPropertiesDelegate(), handler.getConfiguration());
        req.setProperty(SwappingJerseyServlet.RAW_TARGET, target);
        req.header("Host", "api.berth.test");
        req.header("Content-Type", contentType);
        req.header("X-BackendAI-Date", date);
        req.header("X-BackendAI-Version", "v8.20240915");
        req.header("Authorization", authorization);
        req.setEntityStream(body);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ContainerResponse r = handler.apply(req, out).get(30, TimeUnit.SECONDS);
        return new Answer(r, out.toByteArray());
    }

    @Test
    void aSignedUploadVerifiesAndItsBodyIsNotPartOfTheSignature() throws Exception {
        SigningAuth auth = new SigningAuth();
        FakeStorageService storage = new FakeStorageService();
        ResourceConfig rc = InMemoryRest.baseConfig();
        rc.register(new JsonConfig());
        rc.register(new AuthFilter(auth, new io.berth.core.auth.SlidingWindowRateLimiter(),
                Clock.fixed(InMemoryRest.NOW, ZoneOffset.UTC)));
        rc.register(new ExceptionMappers.Berth());
        rc.register(new ExceptionMappers.Json());
        rc.register(new ExceptionMappers.Web());
        rc.register(new ExceptionMappers.Unexpected());
        rc.register(new FolderResource(storage));
        ApplicationHandler handler = new ApplicationHandler(rc);
        String date = "2025-06-01T12:00:00Z";
        String target = "/folders/f-1/files/data/r%C3%A9sum%C3%A9.bin?overwrite=false";
        String ct = "application/octet-stream";
        Generated body = new Generated(1L << 20);
        long[] readWhenCalled = {-1};
        storage.onUpload = () -> readWhenCalled[0] = body.read.get();

        Answer a = send(handler, "PUT", target, sign("PUT", target, ct, date), ct, date, body);
        assertEquals(201, a.status(), a::toString);
        assertEquals(1L << 20, a.json().path("size").asLong());
        assertEquals("data/résumé.bin", a.json().path("path").asText());
        assertEquals(1L << 20, storage.files.get("f-1").get("data/résumé.bin").length);
        assertTrue(readWhenCalled[0] >= 0 && readWhenCalled[0] <= 64 * 1024, "authentication read no body");
        SignedRequest s = auth.seen.get(0);
        assertEquals(target, s.pathAndQuery());
        assertEquals(ct, s.contentType());

        // the same signature over another body still verifies (bodies are not signed) ...
        Answer other = send(handler, "PUT", target.replace("false", "true"), sign("PUT", target.replace("false",
                "true"), ct, date), ct, date, new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}));
        assertEquals(200, other.status(), other::toString);
        // ... but a signature over another target, method or content type does not
        assertProblem(send(handler, "PUT", "/folders/f-1/files/data/x.bin", sign("PUT", target, ct, date), ct, date,
                new Generated(10)), 401, "unauthorized");
        assertProblem(send(handler, "PUT", target, sign("PUT", target, "text/plain", date), ct, date,
                new Generated(10)), 401, "unauthorized");
        assertProblem(send(handler, "PUT", target, sign("POST", target, ct, date), ct, date, new Generated(10)), 401,
                "unauthorized");
        assertEquals(2, storage.calls.stream().filter(c -> c instanceof Boolean).count(),
                "refused uploads never reach the storage");
    }

    // ---- model store ----

    @Test
    void modelCardsAndTheirClone() {
        Answer a = rest.signed("GET", "/model-store/cards", USER).send();
        assertEquals(200, a.status(), a::toString);
        JsonNode card = a.json().path("items").path(0);
        assertEquals(List.of("folder_id", "folder_name", "project_id", "domain_name", "cloneable", "status", "error",
                "title", "description", "models"), fieldNames(card));
        assertEquals("f-2", card.path("folder_id").asText());
        assertEquals("ready", card.path("status").asText());
        JsonNode model = card.path("models").path(0);
        assertEquals(List.of("name", "model_path", "metadata"), fieldNames(model));
        assertEquals("/models/llama", model.path("model_path").asText());
        assertEquals("chat", model.path("metadata").path("tags").path(1).asText());
        assertEquals(card, rest.signed("GET", "/model-store/cards/f-2", USER).send().json());
        assertProblem(rest.signed("GET", "/model-store/cards/f-1", USER).send(), 404, "not-found");

        Answer clone = rest.signed("POST", "/model-store/cards/f-2/clone", USER).json("{\"name\":\"llama-mine\","
                + "\"volume\":\"local\"}").send();
        assertEquals(201, clone.status(), clone::toString);
        assertEquals("/folders/" + clone.json().path("id").asText(), clone.header("Location"));
        assertEquals(new FolderInput("llama-mine", null, null, "local", null, null, null),
                rest.storage.calls.get(rest.storage.calls.size() - 1));
        assertProblem(rest.signed("POST", "/model-store/cards/f-2/clone", USER).send(), 400, "invalid-input");
    }

    @Test
    void everyStorageAnswerIsFreeOfSecrets() {
        for (String path : List.of("/admin/volumes", "/admin/volumes/local", "/folders?all=true", "/folders/f-1",
                "/model-store/cards", "/admin/volumes/local/quotas")) {
            Answer a = rest.signed("GET", path, ADMIN).send();
            assertEquals(200, a.status(), a::toString);
            noSecrets(a);
        }
    }
}
