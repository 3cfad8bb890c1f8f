package io.berth.core.internal;

import static io.berth.core.internal.ImageServiceImplTest.ROOT;
import static io.berth.core.internal.ImageServiceImplTest.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.berth.core.image.Image;
import io.berth.core.image.ImageApp;
import io.berth.core.image.ImageUpdate;
import io.berth.core.image.RegistryInput;
import io.berth.core.image.RescanTask;
import io.berth.core.image.RescanTask.RegistryOutcome;
import io.berth.core.testing.Fakes;
import io.berth.core.testing.MutableClock;
import io.berth.spi.resource.Amount;
import io.berth.spi.resource.ResourceSlots;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SPEC I4, Y2: rescans against an in-process registry speaking the HTTP API v2. */
class RegistryRescanTest {
    static final String PY_CONFIG = """
            {"architecture":"amd64","os":"linux","config":{"Labels":{
              "ai.backend.kernelspec":"1","ai.backend.base-distro":"ubuntu22.04",
              "ai.backend.resource.min.cpu":"1","ai.backend.resource.min.mem":"256m",
              "ai.backend.resource.min.warp.drive":"1",
              "ai.backend.service-ports":"jupyter:http:8080,ssh:tcp:2200,tb:http:[6006,6007],bad:udp:1"}}}""";
    static final String PLAIN_CONFIG = """
            {"architecture":"amd64","os":"linux","config":{"Labels":{"maintainer":"someone"}}}""";
    static final String AMD_CONFIG = """
            {"architecture":"amd64","os":"linux","config":{"Labels":{"ai.backend.kernelspec":"1",
              "ai.backend.resource.min.cpu":"2","ai.backend.service-ports":"vscode:http:8180"}}}""";
    static final String PY_MANIFEST = """
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
             "config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":300,"digest":"sha256:cfgpy"},
             "layers":[{"size":1000,"digest":"sha256:l1"},{"size":2000,"digest":"sha256:l2"}]}""";
    static final String PLAIN_MANIFEST = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{"size":10,"digest":"sha256:cfgplain"},"layers":[{"size":5,"digest":"sha256:l3"}]}""";
    static final String INDEX = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
              {"digest":"sha256:arm","size":1,"platform":{"architecture":"arm64","os":"linux"}},
              {"digest":"sha256:amd","size":1,"platform":{"architecture":"amd64","os":"linux"}},
              {"digest":"sha256:att","size":1,"platform":{"architecture":"unknown","os":"unknown"}}]}""";
    static final String AMD_MANIFEST = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
             "config":{"size":40,"digest":"sha256:cfgamd"},"layers":[{"size":60,"digest":"sha256:l4"}]}""";

    final Fakes f = new Fakes();
    final ImageServiceImpl svc = new ImageServiceImpl(f.tx, f.registries, f.images, f.pluginData,
            new SlotRegistryImpl(), new RegistryKey(RegistryKey.random()), new MutableClock(T0));
    HttpServer server;
    String url;
    /** none, basic or bearer. */
    volatile String auth = "none";
    final Set<String> paths = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        svc.stop();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            String query = x.getRequestURI().getRawQuery();
            paths.add(path);
            String given = x.getRequestHeaders().getFirst("Authorization");
            String basic = "Basic " + Base64.getEncoder().encodeToString("bob:pw-1".getBytes(StandardCharsets.UTF_8));
            if (path.equals("/token")) {
                if (!basic.equals(given) || query == null || !query.contains("service=fake")) {
                    send(x, 401, "{}", Map.of());
                } else {
                    send(x, 200, "{\"token\":\"tok-1\"}", Map.of());
                }
                return;
            }
            if (auth.equals("basic") && !basic.equals(given)) {
                send(x, 401, "{}", Map.of("WWW-Authenticate", "Basic realm=\"fake\""));
                return;
            }
            if (auth.equals("bearer") && !"Bearer tok-1".equals(given)) {
                send(x, 401, "{}", Map.of("WWW-Authenticate", "Bearer realm=\"" + url
                        + "/token\",service=\"fake\",scope=\"registry:catalog:*\""));
                return;
            }
            switch (path) {
                case "/v2/_catalog" -> {
                    if (query != null && query.contains("last=")) {
                        send(x, 200, "{\"repositories\":[\"multi/app\",\"broken/repo\"]}", Map.of());
                    } else {
                        assertTrue(query != null && query.contains("n=100"), query);
                        send(x, 200, "{\"repositories\":[\"stable/python\",\"stable/plain\"]}",
                                Map.of("Link", "</v2/_catalog?last=stable%2Fplain&n=100>; rel=\"next\""));
                    }
                }
                case "/v2/stable/python/tags/list" -> send(x, 200, "{\"tags\":[\"3.12\"]}", Map.of());
                case "/v2/stable/plain/tags/list" -> send(x, 200, "{\"tags\":[\"1\"]}", Map.of());
                case "/v2/multi/app/tags/list" -> send(x, 200, "{\"tags\":[\"2\"]}", Map.of());
                case "/v2/broken/repo/tags/list" -> send(x, 500, "oops", Map.of());
                case "/v2/stable/python/manifests/3.12" -> {
                    assertTrue(x.getRequestHeaders().getFirst("Accept").contains(RegistryClient.OCI_INDEX));
                    send(x, 200, PY_MANIFEST, Map.of("Docker-Content-Digest", "sha256:manpy",
                            "Content-Type", RegistryClient.DOCKER_MANIFEST));
                }
                case "/v2/stable/plain/manifests/1" -> send(x, 200, PLAIN_MANIFEST, Map.of());
                case "/v2/multi/app/manifests/2" -> send(x, 200, INDEX, Map.of());
                case "/v2/multi/app/manifests/sha256:amd" -> send(x, 200, AMD_MANIFEST, Map.of());
                case "/v2/stable/python/blobs/sha256:cfgpy" -> send(x, 200, PY_CONFIG, Map.of());
                case "/v2/stable/plain/blobs/sha256:cfgplain" -> send(x, 200, PLAIN_CONFIG, Map.of());
                case "/v2/multi/app/blobs/sha256:cfgamd" -> send(x, 200, AMD_CONFIG, Map.of());
                default -> send(x, 404, "{\"errors\":[]}", Map.of());
            }
        }
    }

    private static void send(HttpExchange x, int status, String body, Map<String, String> headers) throws IOException {
        headers.forEach((k, v) -> x.getResponseHeaders().add(k, v));
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
    }

    private RescanTask finished(RescanTask t) throws InterruptedException {
        long until = System.nanoTime() + 30_000_000_000L;
        while (t.state() == RescanTask.State.RUNNING) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the rescan did not finish: " + t);
            }
            Thread.sleep(20);
            t = svc.task(ROOT, t.id());
        }
        return t;
    }

    private static RegistryOutcome outcome(RescanTask t, String host) {
        return t.outcomes().stream().filter(o -> o.registry().equals(host)).findFirst().orElseThrow();
    }

    private Image existing(String registry, String ref) {
        Image i = new Image(ref, registry, "stable", "old", "1", "x86_64", "sha256:old", 1, null, ResourceSlots.EMPTY,
                ResourceSlots.EMPTY, Map.of(), List.of(), List.of("agent-1"), T0, T0);
        f.tx.run(() -> f.images.upsert(i));
        return i;
    }

    @Test
    void aRescanImportsLabelledImagesAndReportsEachRegistry() throws Exception {
        svc.createRegistry(ROOT, new RegistryInput("reg-a.test", url, null, null, null, null, null));
        svc.createRegistry(ROOT, new RegistryInput("reg-b.test", url, null, "stable", null, null, null));
        svc.createRegistry(ROOT, new RegistryInput("reg-c.test", "http://127.0.0.1:1", null, null, null, null, null));
        existing("reg-a.test", "reg-a.test/stable/old:1");
        existing("reg-b.test", "reg-b.test/stable/old:1");
        RescanTask started = svc.rescan(ROOT, null);
        assertNull(started.registry());
        RescanTask t = finished(started);
        assertEquals(RescanTask.State.DONE, t.state(), t.progress().toString());
        assertEquals(List.of(t), svc.tasks(ImageServiceImplTest.MON));

        RegistryOutcome a = outcome(t, "reg-a.test");
        assertFalse(a.ok());
        assertEquals(2, a.imported());
        assertEquals(1, a.skipped());
        assertTrue(a.error().contains("broken/repo") && a.error().contains("500"), a.error());
        RegistryOutcome b = outcome(t, "reg-b.test");
        assertTrue(b.ok(), String.valueOf(b.error()));
        assertEquals(1, b.imported());
        assertEquals(1, b.skipped());
        RegistryOutcome c = outcome(t, "reg-c.test");
        assertFalse(c.ok());
        assertTrue(c.error().contains("127.0.0.1:1"), c.error());
        assertEquals(6, t.total());
        assertEquals(6, t.done());

        Image py = f.images.find("reg-a.test/stable/python:3.12").orElseThrow();
        assertEquals("stable", py.namespace());
        assertEquals("python", py.name());
        assertEquals("3.12", py.tag());
        assertEquals("reg-a.test", py.registry());
        assertEquals("sha256:manpy", py.digest());
        assertEquals(3300, py.sizeBytes());
        assertEquals("x86_64", py.architecture());
        assertEquals("ubuntu22.04", py.baseDistro());
        assertEquals(ResourceSlots.of(Map.of("cpu", Amount.of(1), "mem", Amount.of(256L << 20))), py.minResources());
        assertEquals(List.of(new ImageApp("jupyter", "http", List.of(8080)), new ImageApp("ssh", "tcp", List.of(2200)),
                new ImageApp("tb", "http", List.of(6006, 6007))), py.apps());
        assertTrue(t.progress().stream().anyMatch(l -> l.contains("warp.drive")), t.progress().toString());
        assertTrue(t.progress().stream().anyMatch(l -> l.contains("bad:udp:1")), t.progress().toString());

        Image multi = f.images.find("reg-a.test/multi/app:2").orElseThrow();
        assertEquals(RegistryClient.sha256(INDEX), multi.digest());
        assertEquals(100, multi.sizeBytes());
        assertEquals("x86_64", multi.architecture());
        assertEquals(ResourceSlots.of(Map.of("cpu", Amount.of(2))), multi.minResources());
        assertTrue(paths.contains("/v2/multi/app/manifests/sha256:amd"));
        assertFalse(paths.contains("/v2/multi/app/manifests/sha256:arm"));

        assertTrue(f.images.find("reg-b.test/stable/python:3.12").isPresent());
        assertFalse(f.images.find("reg-a.test/stable/plain:1").isPresent());
        // a registry with a failed repository forgets nothing; a fully read one forgets what is gone
        assertTrue(f.images.find("reg-a.test/stable/old:1").isPresent());
        assertFalse(f.images.find("reg-b.test/stable/old:1").isPresent());
        assertEquals(Set.of("reg-a.test/stable/python:3.12", "reg-a.test/multi/app:2", "reg-a.test/stable/old:1",
                "reg-b.test/stable/python:3.12"), f.images.rows().keySet());
    }

    @Test
    void anAdminsChangesSurviveARescan() throws Exception {
        svc.createRegistry(ROOT, new RegistryInput("reg-b.test", url, null, "stable", null, null, null));
        finished(svc.rescan(ROOT, "reg-b.test"));
        String ref = "reg-b.test/stable/python:3.12";
        svc.update(ROOT, ref, new ImageUpdate(Map.of("cpu", 4), null, List.of("ssh")));
        RescanTask t = finished(svc.rescan(ROOT, "reg-b.test"));
        assertEquals(RescanTask.State.DONE, t.state());
        assertEquals("reg-b.test", t.registry());
        Image py = f.images.find(ref).orElseThrow();
        assertEquals(ResourceSlots.of(Map.of("cpu", Amount.of(4))), py.minResources());
        assertEquals(Set.of("jupyter", "tb"), py.apps().stream().map(ImageApp::name).collect(Collectors.toSet()));
    }

    @Test
    void basicAuthUsesTheRegistrysCredentials() throws Exception {
        auth = "basic";
        svc.createRegistry(ROOT, new RegistryInput("reg-b.test", url, null, "stable", "bob", "pw-1", null));
        svc.createRegistry(ROOT, new RegistryInput("reg-x.test", url, null, "stable", "bob", "wrong", null));
        svc.createRegistry(ROOT, new RegistryInput("reg-y.test", url, null, "stable", null, null, null));
        RescanTask t = finished(svc.rescan(ROOT, null));
        assertTrue(outcome(t, "reg-b.test").ok(), String.valueOf(outcome(t, "reg-b.test").error()));
        assertEquals(1, outcome(t, "reg-b.test").imported());
        assertTrue(outcome(t, "reg-x.test").error().contains("401"), outcome(t, "reg-x.test").error());
        assertTrue(outcome(t, "reg-y.test").error().contains("401"), outcome(t, "reg-y.test").error());
    }

    @Test
    void bearerAuthFetchesATokenFromTheRealm() throws Exception {
        auth = "bearer";
        svc.createRegistry(ROOT, new RegistryInput("reg-b.test", url, null, "stable", "bob", "pw-1", null));
        RescanTask t = finished(svc.rescan(ROOT, "reg-b.test"));
        assertEquals(RescanTask.State.DONE, t.state(), t.progress().toString());
        assertEquals(1, outcome(t, "reg-b.test").imported());
        assertTrue(paths.contains("/token"));

        svc.updateRegistry(ROOT, "reg-b.test", new RegistryInput(null, null, null, null, null, "wrong", null));
        t = finished(svc.rescan(ROOT, "reg-b.test"));
        assertEquals(RescanTask.State.FAILED, t.state());
        assertTrue(outcome(t, "reg-b.test").error().contains("token"), outcome(t, "reg-b.test").error());
    }

    @Test
    void badJsonFailsTheRegistryWithAClearError() throws Exception {
        server.removeContext("/");
        server.createContext("/", x -> {
            try (x) {
                send(x, 200, "not json", Map.of());
            }
        });
        svc.createRegistry(ROOT, new RegistryInput("reg-b.test", url, null, null, null, null, null));
        RescanTask t = finished(svc.rescan(ROOT, "reg-b.test"));
        assertEquals(RescanTask.State.FAILED, t.state());
        assertTrue(outcome(t, "reg-b.test").error().contains("not valid JSON"), outcome(t, "reg-b.test").error());
    }

    @Test
    void anUnknownRegistryCannotBeRescanned() {
        org.junit.jupiter.api.Assertions.assertThrows(io.berth.core.error.NotFoundException.class,
                () -> svc.rescan(ROOT, "nothing.test"));
        org.junit.jupiter.api.Assertions.assertThrows(io.berth.core.error.NotFoundException.class,
                () -> svc.task(ROOT, "nothing"));
    }
}
