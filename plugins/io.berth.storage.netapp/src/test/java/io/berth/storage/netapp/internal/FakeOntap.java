package io.berth.storage.netapp.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-process stand-in for the ONTAP REST API of one SVM and volume: qtrees (creating one also creates its
 * directory under the "NFS mount"), tree quota rules, quota reports and jobs, in ONTAP's JSON shapes. It
 * records every request and can be told to answer the next matching request with an error.
 */
final class FakeOntap implements AutoCloseable {

    /** One recorded request. */
    record Exchange(String method, String pathAndQuery, String body, String authorization) {
        /** {@code METHOD path?query} and, when there is one, a space and the body. */
        String line() {
            return method + " " + pathAndQuery + (body.isEmpty() ? "" : " " + body);
        }
    }

    /** A prepared answer. */
    record Reply(int status, String body) {
    }

    private final HttpServer server;
    private final Path mount;
    final String svm;
    final String volume;
    private final List<Exchange> exchanges = new ArrayList<>();
    /** qtree names that exist. */
    final List<String> qtrees = new ArrayList<>();
    /** rule uuid to qtree name and hard limit (null: none). */
    final Map<String, Object[]> rules = new LinkedHashMap<>();
    /** bytes used per qtree, as the quota report shows them. */
    final Map<String, Long> used = new HashMap<>();
    boolean quotasOn = true;
    /** Job states still to be reported, per job uuid; the last one stays. */
    private final Map<String, Deque<JsonObject>> jobs = new HashMap<>();
    /** Answers for the next request whose "METHOD path" starts with the key. */
    private final Map<String, Reply> failures = new LinkedHashMap<>();
    /** States a new job goes through, by what created it ("qtree", "rule", "patch"). */
    final Map<String, List<String>> jobStates = new HashMap<>();
    /** When set, the next job fails with this message. */
    String failNextJob;
    private int jobCount;
    private int ruleCount;

    FakeOntap(Path mount, String svm, String volume) throws IOException {
        this.mount = mount;
        this.svm = svm;
        this.volume = volume;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        jobStates.put("qtree", List.of("running", "success"));
        jobStates.put("rule", List.of("success"));
        jobStates.put("patch", List.of("queued", "success"));
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    synchronized List<String> lines() {
        return exchanges.stream().map(Exchange::line).toList();
    }

    synchronized void clear() {
        exchanges.clear();
    }

    synchronized void failNext(String methodAndPathPrefix, int status, String body) {
        failures.put(methodAndPathPrefix, new Reply(status, body));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange http) throws IOException {
        Reply reply;
        try {
            String body = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String pathAndQuery = http.getRequestURI().getRawPath()
                    + (http.getRequestURI().getRawQuery() == null ? "" : "?" + http.getRequestURI().getRawQuery());
            String auth = http.getRequestHeaders().getFirst("Authorization");
            reply = answer(http.getRequestMethod(), http.getRequestURI().getRawPath(), pathAndQuery, body,
                    auth == null ? "" : auth);
        } catch (RuntimeException e) {
            reply = new Reply(500, error("fake ONTAP failed: " + e, "1"));
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        http.getResponseHeaders().set("Content-Type", "application/json");
        http.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    private synchronized Reply answer(String method, String path, String pathAndQuery, String body, String auth)
            throws IOException {
        exchanges.add(new Exchange(method, pathAndQuery, body, auth));
        for (Map.Entry<String, Reply> f : failures.entrySet()) {
            if ((method + " " + pathAndQuery).startsWith(f.getKey())) {
                failures.remove(f.getKey());
                return f.getValue();
            }
        }
        Map<String, String> query = query(pathAndQuery);
        if (path.startsWith("/api/cluster/jobs/")) {
            Deque<JsonObject> states = jobs.get(path.substring("/api/cluster/jobs/".length()));
            if (states == null) {
                return new Reply(404, error("Job not found", "4"));
            }
            JsonObject state = states.size() > 1 ? states.removeFirst() : states.getFirst();
            return new Reply(200, state.toString());
        }
        if (path.equals("/api/storage/qtrees") && method.equals("GET")) {
            checkScope(query);
            JsonArray records = new JsonArray();
            for (String q : qtrees) {
                if (q.equals(query.get("name"))) {
                    JsonObject r = new JsonObject();
                    r.add("svm", named(svm));
                    r.add("volume", named(volume));
                    r.addProperty("id", qtrees.indexOf(q) + 1);
                    r.addProperty("name", q);
                    records.add(r);
                }
            }
            return records(records);
        }
        if (path.equals("/api/storage/qtrees") && method.equals("POST")) {
            JsonObject in = JsonParser.parseString(body).getAsJsonObject();
            String name = in.get("name").getAsString();
            if (qtrees.contains(name)) {
                return new Reply(409, error("Qtree \"" + name + "\" already exists.", "918235"));
            }
            qtrees.add(name);
            Files.createDirectory(mount.resolve(name));
            return job("qtree", 202);
        }
        if (path.equals("/api/storage/quota/rules") && method.equals("GET")) {
            checkScope(query);
            JsonArray records = new JsonArray();
            rules.forEach((uuid, rule) -> {
                if (rule[0].equals(query.get("qtree.name")) && "tree".equals(query.get("type"))) {
                    JsonObject r = new JsonObject();
                    r.addProperty("uuid", uuid);
                    JsonObject space = new JsonObject();
                    if (rule[1] != null) {
                        space.addProperty("hard_limit", (Long) rule[1]);
                    }
                    r.add("space", space);
                    records.add(r);
                }
            });
            return records(records);
        }
        if (path.equals("/api/storage/quota/rules") && method.equals("POST")) {
            JsonObject in = JsonParser.parseString(body).getAsJsonObject();
            String qtree = in.getAsJsonObject("qtree").get("name").getAsString();
            if (!qtrees.contains(qtree)) {
                return new Reply(400, error("Qtree \"" + qtree + "\" does not exist.", "5308572"));
            }
            Long limit = in.has("space") ? in.getAsJsonObject("space").get("hard_limit").getAsLong() : null;
            rules.put("rule-" + (++ruleCount), new Object[] {qtree, limit});
            return job("rule", 202);
        }
        if (path.startsWith("/api/storage/quota/rules/") && method.equals("PATCH")) {
            Object[] rule = rules.get(path.substring("/api/storage/quota/rules/".length()));
            if (rule == null) {
                return new Reply(404, error("The specified quota rule UUID is invalid.", "5308545"));
            }
            long limit = JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("space")
                    .get("hard_limit").getAsLong();
            rule[1] = limit == -1 ? null : limit;
            return job("patch", 202);
        }
        if (path.equals("/api/storage/quota/reports") && method.equals("GET")) {
            checkScope(query);
            JsonArray records = new JsonArray();
            String qtree = query.get("qtree.name");
            if (quotasOn && "tree".equals(query.get("type"))) {
                for (Object[] rule : rules.values()) {
                    if (rule[0].equals(qtree)) {
                        JsonObject r = new JsonObject();
                        r.add("qtree", named(qtree));
                        JsonObject space = new JsonObject();
                        JsonObject u = new JsonObject();
                        u.addProperty("total", used.getOrDefault(qtree, 0L));
                        space.add("used", u);
                        if (rule[1] != null) {
                            space.addProperty("hard_limit", (Long) rule[1]);
                        }
                        r.add("space", space);
                        records.add(r);
                    }
                }
            }
            return records(records);
        }
        return new Reply(404, error("API not found", "3"));
    }

    private void checkScope(Map<String, String> query) {
        if (!svm.equals(query.get("svm.name")) || !volume.equals(query.get("volume.name"))) {
            throw new IllegalStateException("unexpected svm or volume: " + query);
        }
    }

    private Reply job(String kind, int status) {
        String uuid = "job-" + (++jobCount);
        Deque<JsonObject> states = new ArrayDeque<>();
        List<String> names = failNextJob == null ? jobStates.get(kind) : List.of("running", "failure");
        for (String s : names) {
            JsonObject j = new JsonObject();
            j.addProperty("uuid", uuid);
            j.addProperty("state", s);
            j.addProperty("message", s.equals("failure") ? failNextJob : s.equals("success") ? "success" : "");
            if (s.equals("failure")) {
                j.addProperty("code", 5308547);
            }
            states.add(j);
        }
        failNextJob = null;
        jobs.put(uuid, states);
        JsonObject self = new JsonObject();
        self.addProperty("href", "/api/cluster/jobs/" + uuid);
        JsonObject links = new JsonObject();
        links.add("self", self);
        JsonObject job = new JsonObject();
        job.addProperty("uuid", uuid);
        job.add("_links", links);
        JsonObject out = new JsonObject();
        out.add("job", job);
        return new Reply(status, out.toString());
    }

    private static Reply records(JsonArray records) {
        JsonObject out = new JsonObject();
        out.add("records", records);
        out.addProperty("num_records", records.size());
        return new Reply(200, out.toString());
    }

    static String error(String message, String code) {
        JsonObject e = new JsonObject();
        e.addProperty("message", message);
        e.addProperty("code", code);
        JsonObject out = new JsonObject();
        out.add("error", e);
        return out.toString();
    }

    private static JsonObject named(String name) {
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        return o;
    }

    private static Map<String, String> query(String pathAndQuery) {
        Map<String, String> q = new LinkedHashMap<>();
        int i = pathAndQuery.indexOf('?');
        if (i < 0) {
            return q;
        }
        for (String pair : pathAndQuery.substring(i + 1).split("&")) {
            int eq = pair.indexOf('=');
            q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    static JsonElement json(String s) {
        return JsonParser.parseString(s);
    }
}
