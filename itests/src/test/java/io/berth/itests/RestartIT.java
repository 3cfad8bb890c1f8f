package io.berth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.berth.itests.Api.Resp;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Persistence across a real restart: the distribution is unpacked and run as its own process
 * ({@code bin/karaf server}), a user is created, the server is stopped and started again, and the
 * user, its keypair and the first-start superadmin are still there (and not created twice).
 */
public class RestartIT {
    private static final int PORT = 18182;
    private static final int SSH_PORT = 18102;
    private static final int JMX_PORT = 18199;
    private static Path home;
    private static Process karaf;

    @BeforeClass
    public static void unpack() throws Exception {
        home = Path.of("target", "restart-it").toAbsolutePath();
        if (Files.exists(home)) {
            exec(new File("."), "rm", "-rf", home.toString());
        }
        Files.createDirectories(home);
        exec(home.toFile(), "tar", "-xzf", new File(System.getProperty("berth.distribution")).getAbsolutePath(),
                "--strip-components=1");
        // own SSH and JMX ports, so that no other Karaf on this machine can answer for this one
        replace("etc/org.apache.karaf.shell.cfg", "sshPort = 8101", "sshPort = " + SSH_PORT);
        replace("etc/org.apache.karaf.management.cfg", "rmiRegistryPort = 1099", "rmiRegistryPort = " + JMX_PORT);
        replace("etc/org.apache.karaf.management.cfg", "rmiServerPort = 44444", "rmiServerPort = " + (JMX_PORT + 1));
    }

    private static void replace(String file, String from, String to) throws Exception {
        Path p = home.resolve(file);
        String text = Files.readString(p);
        assertTrue(file + " has " + from, text.contains(from));
        Files.writeString(p, text.replace(from, to));
    }

    @AfterClass
    public static void stopAll() throws Exception {
        stop();
    }

    private static void exec(File dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir).inheritIO().start();
        assertTrue(String.join(" ", cmd), p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(String.join(" ", cmd), 0, p.exitValue());
    }

    private static void start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bin/karaf", "server").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("console.log").toFile());
        pb.environment().put("BERTH_HTTP_PORT", String.valueOf(PORT));
        pb.environment().put("BERTH_HTTP_HOST", "127.0.0.1");
        pb.environment().remove("BERTH_ADMIN_EMAIL");
        pb.environment().remove("BERTH_ADMIN_PASSWORD");
        karaf = pb.start();
        Api.awaitReady(PORT, "/admin/users", Duration.ofSeconds(120));
    }

    private static void stop() throws Exception {
        if (karaf == null) {
            return;
        }
        // bin/karaf runs the JVM as a child: stop the JVM (SIGTERM: orderly shutdown) and wait for it
        java.util.List<ProcessHandle> all = new java.util.ArrayList<>(karaf.toHandle().descendants().toList());
        all.add(karaf.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            h.onExit().get(90, TimeUnit.SECONDS);
        }
        karaf = null;
    }

    private static Map<String, String> initialAdmin() throws Exception {
        Map<String, String> m = new java.util.HashMap<>();
        // the first-start bootstrap may finish a moment after the REST API answers
        Path file = home.resolve("data/initial-admin.txt");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.isRegularFile(file) && Files.readString(file).contains("password="))
                && System.nanoTime() < end) {
            Thread.sleep(200);
        }
        for (String line : Files.readAllLines(file)) {
            int i = line.indexOf('=');
            m.put(line.substring(0, i), line.substring(i + 1));
        }
        return m;
    }

    /** SSH and JMX answer on loopback only, and no Karaf user ships. */
    private static void assertRemoteConsolesOnLoopbackOnly() throws Exception {
        for (String line : Files.readAllLines(home.resolve("etc/users.properties"))) {
            String l = line.trim();
            assertTrue("etc/users.properties ships a user: " + l, l.isEmpty() || l.startsWith("#")
                    || l.startsWith("_g_"));
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(reachable("127.0.0.1", SSH_PORT) && reachable("127.0.0.1", JMX_PORT)) && System.nanoTime() < end) {
            Thread.sleep(200);
        }
        assertTrue("ssh on loopback", reachable("127.0.0.1", SSH_PORT));
        assertTrue("jmx on loopback", reachable("127.0.0.1", JMX_PORT));
        for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (java.net.InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
                if (!a.isLoopbackAddress() && a instanceof java.net.Inet4Address) {
                    assertTrue("ssh must not listen on " + a, !reachable(a.getHostAddress(), SSH_PORT));
                    assertTrue("jmx must not listen on " + a, !reachable(a.getHostAddress(), JMX_PORT));
                }
            }
        }
    }

    private static boolean reachable(String host, int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(host, port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    public void dataSurvivesARestart() throws Exception {
        start();
        Map<String, String> first = initialAdmin();
        assertEquals("admin@berth.local", first.get("email"));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home.resolve("data/initial-admin.txt"))));
        assertTrue(Files.readString(home.resolve("console.log")).contains(first.get("password")));
        assertTrue("the password is not logged", !Files.readString(home.resolve("data/log/karaf.log"))
                .contains(first.get("password")));
        assertRemoteConsolesOnLoopbackOnly();
        Api admin = Api.login(PORT, "default", first.get("email"), first.get("password"));
        Resp created = admin.post("/admin/users", Map.of("email", "durable@it.test", "username", "durable",
                "password", "Passw0rd!x"));
        assertEquals(created.toString(), 201, created.status());
        String ak = created.json().get("keypair").get("access_key").asText();
        stop();

        start();
        assertEquals("the superadmin is created only once", first, initialAdmin());
        Api again = Api.login(PORT, "default", first.get("email"), first.get("password"));
        Resp user = again.get("/admin/users/durable@it.test");
        assertEquals(user.toString(), 200, user.status());
        assertEquals(ak, user.json().get("main_access_key").asText());
        Api durable = Api.login(PORT, "default", "durable@it.test", "Passw0rd!x");
        assertEquals(ak, durable.accessKey);
        assertEquals(200, durable.get("/me").status());
    }
}
