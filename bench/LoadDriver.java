import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load driver for Berth: N connections for D seconds against one endpoint, either plain
 * ({@code /healthz}) or signed per the Backend.AI scheme (each request signed afresh, as a client
 * would). Prints requests/s, p50, p99 and errors.
 *
 * <pre>java LoadDriver.java &lt;port&gt; &lt;path&gt; &lt;connections&gt; &lt;seconds&gt; [email password]
 * java LoadDriver.java seed &lt;port&gt; &lt;email&gt; &lt;password&gt; &lt;users&gt;</pre>
 */
public final class LoadDriver {
    static final String VERSION = "v8.20240915";

    public static void main(String[] args) throws Exception {
        if (args[0].equals("seed")) {
            seed(Integer.parseInt(args[1]), args[2], args[3], Integer.parseInt(args[4]));
            return;
        }
        int port = Integer.parseInt(args[0]);
        String path = args[1];
        int connections = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        String[] keys = args.length > 5 ? login(port, args[4], args[5]) : null;
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<long[]> latencies = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong total = new AtomicLong();
        CountDownLatch done = new CountDownLatch(connections);
        for (int i = 0; i < connections; i++) {
            long[] lat = new long[2_000_000];
            latencies.add(lat);
            Thread t = new Thread(() -> {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                int n = 0;
                try {
                    while (System.nanoTime() < end && n < lat.length) {
                        HttpRequest req = request(port, path, keys);
                        long t0 = System.nanoTime();
                        HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        lat[n++] = System.nanoTime() - t0;
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    total.addAndGet(n);
                    lat[lat.length - 1] = n;
                    done.countDown();
                }
            });
            t.start();
        }
        done.await();
        long count = total.get();
        long[] all = new long[(int) count];
        int k = 0;
        for (long[] lat : latencies) {
            int n = (int) lat[lat.length - 1];
            System.arraycopy(lat, 0, all, k, n);
            k += n;
        }
        Arrays.sort(all);
        System.out.printf("%s  connections=%d seconds=%d requests=%d errors=%d  rps=%.0f  p50=%.2fms  p99=%.2fms%n",
                path, connections, seconds, count, errors.get(), count / (double) seconds,
                all.length == 0 ? 0 : all[all.length / 2] / 1e6, all.length == 0 ? 0 : all[(int) (all.length * 0.99)] / 1e6);
    }

    static HttpRequest request(int port, String path, String[] keys) throws Exception {
        return keys == null ? HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").GET().build() : signed(port, "GET", path, null, keys);
    }

    static HttpRequest signed(int port, String method, String path, String body, String[] keys) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").method(method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String date = now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String host = "127.0.0.1:" + port;
        String empty = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[0]));
        String toSign = String.join("\n", method, path, date, "host:" + host, "content-type:application/json",
                "x-backendai-version:" + VERSION, empty);
        byte[] key = hmac(keys[1].getBytes(StandardCharsets.UTF_8),
                now.format(DateTimeFormatter.ofPattern("yyyyMMdd")).getBytes(StandardCharsets.UTF_8));
        key = hmac(key, host.getBytes(StandardCharsets.UTF_8));
        String sig = HexFormat.of().formatHex(hmac(key, toSign.getBytes(StandardCharsets.UTF_8)));
        b.header("X-BackendAI-Date", date).header("X-BackendAI-Version", VERSION)
                .header("Authorization", "BackendAI signMethod=HMAC-SHA256, credential=" + keys[0] + ":" + sig);
        return b.build();
    }

    static String[] login(int port, String email, String password) throws Exception {
        String body = "{\"type\":\"keypair\",\"domain\":\"default\",\"username\":\"" + email + "\",\"password\":\""
                + password + "\"}";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/auth/authorize")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher ak = Pattern.compile("\"access_key\":\"([^\"]+)\"").matcher(r.body());
        Matcher sk = Pattern.compile("\"secret_key\":\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 200 || !ak.find() || !sk.find()) {
            throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
        }
        return new String[] {ak.group(1), sk.group(1).replace("\\/", "/")};
    }

    /** Creates {@code n} users through the signed REST API so that list pages are full. */
    static void seed(int port, String email, String password, int n) throws Exception {
        String[] keys = login(port, email, password);
        HttpClient c = HttpClient.newHttpClient();
        for (int i = 0; i < n; i++) {
            String body = "{\"email\":\"bench" + i + "@berth.test\",\"username\":\"bench" + i
                    + "\",\"password\":\"Passw0rd!x\"}";
            HttpRequest post = signed(port, "POST", "/admin/users", body, keys);
            HttpResponse<String> r = c.send(post, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201 && r.statusCode() != 409) {
                throw new IllegalStateException(r.statusCode() + " " + r.body());
            }
        }
        // the load below sends far more than a default keypair's 30 000 requests per 15 minutes
        String limit = "{\"rate_limit\":100000000}";
        HttpResponse<String> r = c.send(signed(port, "PATCH", "/admin/keypairs/" + keys[0], limit, keys),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
        System.out.println("seeded " + n + " users; rate limit of the benchmark keypair raised");
    }

    static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
