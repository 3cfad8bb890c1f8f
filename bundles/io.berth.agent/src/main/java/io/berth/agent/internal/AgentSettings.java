package io.berth.agent.internal;

import io.berth.spi.resource.Amount;
import io.berth.spi.resource.SlotKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The agent's configuration with every default resolved. */
record AgentSettings(boolean enabled, URI managerUrl, String token, Path tokenFile, String id, String region,
        String resourceGroup, BigDecimal reservedCpu, long reservedMemory, Duration heartbeatInterval,
        String dockerHost, String address) {

    /**
     * Resolves {@code config}: an empty manager URL becomes {@code http://127.0.0.1:<BERTH_HTTP_PORT or
     * 8181>}, an empty id {@code i-<hostname>}, an empty address the host's first non-loopback
     * address (or its hostname).
     *
     * @param env       the environment (for {@code BERTH_HTTP_PORT})
     * @param karafData the Karaf data directory, where the manager writes {@code agent-token}
     * @throws IllegalArgumentException when a value is invalid
     */
    static AgentSettings from(AgentConfig config, Map<String, String> env, Path karafData) {
        String url = config.manager_url().trim();
        if (url.isEmpty()) {
            String port = env.getOrDefault("BERTH_HTTP_PORT", "").trim();
            url = "http://127.0.0.1:" + (port.matches("\\d{1,5}") ? port : "8181");
        }
        URI manager = URI.create(url);
        if (manager.getScheme() == null || !manager.getScheme().matches("https?") || manager.getHost() == null) {
            throw new IllegalArgumentException("manager.url must be an http(s) URL: " + url);
        }
        String hostname = hostname();
        String id = config.id().trim().isEmpty() ? "i-" + hostname : config.id().trim();
        BigDecimal reservedCpu;
        try {
            reservedCpu = new BigDecimal(config.reserved_cpu().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("reserved.cpu must be a number of cores: " + config.reserved_cpu());
        }
        if (reservedCpu.signum() < 0) {
            throw new IllegalArgumentException("reserved.cpu must not be negative: " + config.reserved_cpu());
        }
        Amount reservedMemory = Amount.parse(config.reserved_memory().trim(), SlotKind.BYTES, "mem");
        if (reservedMemory.isInfinite()) {
            throw new IllegalArgumentException("reserved.memory must be finite: " + config.reserved_memory());
        }
        int interval = config.heartbeat_interval_seconds();
        if (interval <= 0) {
            throw new IllegalArgumentException("heartbeat.interval.seconds must be positive: " + interval);
        }
        String address = config.address().trim().isEmpty() ? firstAddress().orElse(hostname) : config.address().trim();
        return new AgentSettings(config.enabled(), manager, config.token().trim(), karafData.resolve("agent-token"),
                id, config.region(), config.resource_group(), reservedCpu,
                reservedMemory.value().longValueExact(), Duration.ofSeconds(interval), config.docker_host().trim(),
                address);
    }

    /** @return the configured token, else the token file's content when it exists and is not empty */
    Optional<String> currentToken() {
        if (!token.isEmpty()) {
            return Optional.of(token);
        }
        try {
            String t = Files.readString(tokenFile).trim();
            return t.isEmpty() ? Optional.empty() : Optional.of(t);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** @return where the token comes from, for log messages */
    String tokenSource() {
        return token.isEmpty() ? "the file " + tokenFile : "the configured token of PID io.berth.agent";
    }

    /** @return the manager's architecture name for this JVM's {@code os.arch} */
    static String architecture() {
        String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
    }

    static String hostname() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /**
     * The first address of an up, non-loopback, non-virtual interface (IPv4 before IPv6, interfaces in
     * index order), skipping container bridges ({@code docker*}, {@code br-*}, {@code veth*},
     * {@code virbr*}).
     */
    static Optional<String> firstAddress() {
        List<NetworkInterface> interfaces;
        try {
            interfaces = new ArrayList<>(Collections.list(NetworkInterface.getNetworkInterfaces()));
        } catch (SocketException | RuntimeException e) {
            return Optional.empty();
        }
        interfaces.sort((a, b) -> Integer.compare(a.getIndex(), b.getIndex()));
        String v6 = null;
        for (NetworkInterface ni : interfaces) {
            try {
                String name = ni.getName();
                if (!ni.isUp() || ni.isLoopback() || ni.isVirtual() || name.startsWith("docker")
                        || name.startsWith("br-") || name.startsWith("veth") || name.startsWith("virbr")) {
                    continue;
                }
            } catch (SocketException e) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a.isLoopbackAddress() || a.isLinkLocalAddress()) {
                    continue;
                }
                if (a instanceof Inet4Address) {
                    return Optional.of(a.getHostAddress());
                }
                if (v6 == null) {
                    String s = a.getHostAddress();
                    int zone = s.indexOf('%');
                    v6 = zone < 0 ? s : s.substring(0, zone);
                }
            }
        }
        return Optional.ofNullable(v6);
    }
}
