import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulates N agents against one manager: each registers once, then heartbeats every I seconds
 * (start times spread evenly over the interval) for D seconds with its full state, as a real agent
 * does. Measures the manager JVM's CPU from /proc/&lt;pid&gt;/stat over the measured window and the
 * latency of every heartbeat; prints heartbeats/s, p50/p99/max latency, errors and CPU %.
 *
 * <pre>java HeartbeatDriver.java &lt;port&gt; &lt;token file&gt; &lt;manager pid&gt; &lt;agents&gt; &lt;interval s&gt; &lt;seconds&gt;</pre>
 */
public final class HeartbeatDriver {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String token = Files.readString(Path.of(args[1])).trim();
        long pid = Long.parseLong(args[2]);
        int agents = Integer.parseInt(args[3]);
        int interval = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(8)).build();
        String base = "http://127.0.0.1:" + port + "/agent-api/";
        Semaphore inFlight = new Semaphore(256);

        for (int i = 0; i < agents; i++) {
            HttpResponse<String> r = http.send(request(base + "register", token, body(i)),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("register of agent " + i + " answered " + r.statusCode() + " "
                        + r.body());
            }
        }
        System.out.printf("registered %d simulated agents; heartbeats every %d s for %d s%n", agents, interval,
                seconds);

        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        long periodNanos = TimeUnit.SECONDS.toNanos(interval);
        for (int i = 0; i < agents; i++) {
            int agent = i;
            timer.scheduleAtFixedRate(() -> {
                if (!inFlight.tryAcquire()) {
                    errors.incrementAndGet(); // the manager is so far behind that 256 heartbeats wait
                    return;
                }
                long t0 = System.nanoTime();
                CompletableFuture<HttpResponse<Void>> f = http.sendAsync(request(base + "heartbeat", token,
                        body(agent)), HttpResponse.BodyHandlers.discarding());
                f.whenComplete((r, e) -> {
                    inFlight.release();
                    if (e != null || r.statusCode() != 200) {
                        errors.incrementAndGet();
                    } else {
                        latencies.add(System.nanoTime() - t0);
                    }
                });
            }, periodNanos * agent / agents, periodNanos, TimeUnit.NANOSECONDS);
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(interval)); // one full round to warm up, not measured
        latencies.clear();
        errors.set(0);
        long cpu0 = cpuTicks(pid);
        long wall0 = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        long cpu1 = cpuTicks(pid);
        long wall1 = System.nanoTime();
        timer.shutdownNow();
        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double wallSeconds = (wall1 - wall0) / 1e9;
        double cpuSeconds = (cpu1 - cpu0) / 100.0; // USER_HZ is 100 on Linux
        System.out.printf("heartbeats: %d in %.1f s = %.1f/s, errors %d%n", l.length, wallSeconds,
                l.length / wallSeconds, errors.get());
        if (l.length > 0) {
            System.out.printf("latency ms: p50 %.2f  p99 %.2f  max %.2f%n", l[l.length / 2] / 1e6,
                    l[(int) Math.min(l.length - 1, Math.ceil(l.length * 0.99) - 1)] / 1e6, l[l.length - 1] / 1e6);
        }
        System.out.printf("manager CPU: %.1f%% of one core (%.1f%% of %d cores), %.3f ms CPU per heartbeat%n",
                100 * cpuSeconds / wallSeconds, 100 * cpuSeconds / wallSeconds / Runtime.getRuntime()
                        .availableProcessors(), Runtime.getRuntime().availableProcessors(),
                l.length == 0 ? 0 : 1000 * cpuSeconds / l.length);
        System.exit(0);
    }

    static HttpRequest request(String url, String token, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "BerthAgent " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** A plausible agent state: 64 cores, 256 GiB, 4 mock GPUs, a few containers. */
    static String body(int i) {
        List<String> devices = new ArrayList<>();
        for (int d = 0; d < 4; d++) {
            devices.add("{\"plugin\":\"cuda\",\"id\":\"GPU-" + i + "-" + d + "\",\"model\":\"Simulated\","
                    + "\"memory_bytes\":85899345920,\"capacity\":{\"cuda.device\":\"1\"},"
                    + "\"utilisation_percent\":" + (i * 7 + d * 13) % 100 + ",\"memory_used_bytes\":" + ((long) d << 30) + "}");
        }
        return "{\"id\":\"sim-" + i + "\",\"region\":\"bench\",\"architecture\":\"x86_64\",\"version\":\"bench\","
                + "\"address\":\"10.0." + (i / 250) + "." + (i % 250) + "\",\"resource_group\":\"default\","
                + "\"available_slots\":{\"cpu\":\"64\",\"mem\":\"274877906944\",\"cuda.device\":\"4\"},"
                + "\"occupied_slots\":{\"cpu\":\"" + (i % 8) + "\",\"mem\":\"" + ((long) (i % 8) << 30) + "\"},"
                + "\"cpu_percent\":" + (i % 100) + ",\"memory_used_bytes\":" + ((long) (i % 64) << 30)
                + ",\"container_count\":" + (i % 8) + ",\"devices\":[" + String.join(",", devices) + "]}";
    }

    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }
}
