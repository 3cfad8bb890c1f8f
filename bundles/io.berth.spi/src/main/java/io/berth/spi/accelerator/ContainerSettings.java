package io.berth.spi.accelerator;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a container needs so that it can use the devices of an {@link Allocation}: the agent adds
 * these to the container it creates through the Docker Engine API.
 *
 * @param deviceRequests Docker device requests ({@code HostConfig.DeviceRequests}, what
 *                       {@code docker run --gpus} produces); copied
 * @param environment    environment variables to set, e.g.
 *                       {@code NVIDIA_VISIBLE_DEVICES=GPU-5f1c…}; names are letters, digits and
 *                       {@code _}, not starting with a digit; values may be empty; copied, sorted
 *                       by name
 * @param devicePaths    host device nodes to pass through unchanged ({@code HostConfig.Devices}),
 *                       absolute paths such as {@code /dev/nvidia0}; copied
 * @param mounts         host paths to bind-mount into the container; copied
 */
public record ContainerSettings(List<DeviceRequest> deviceRequests, Map<String, String> environment,
        List<String> devicePaths, List<Mount> mounts) {

    /** Nothing to add. */
    public static final ContainerSettings EMPTY =
            new ContainerSettings(List.of(), Map.of(), List.of(), List.of());

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Validates the components and copies them.
     *
     * @param deviceRequests Docker device requests
     * @param environment    environment variables to set
     * @param devicePaths    host device nodes to pass through
     * @param mounts         host paths to bind-mount
     * @throws NullPointerException     when a component or an element is {@code null}
     * @throws IllegalArgumentException when an environment variable name is invalid or a device
     *                                  path is not absolute
     */
    public ContainerSettings {
        deviceRequests = List.copyOf(deviceRequests);
        Objects.requireNonNull(environment, "environment");
        TreeMap<String, String> env = new TreeMap<>();
        environment.forEach((name, value) -> {
            Objects.requireNonNull(name, "environment variable name");
            if (!ENV_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name
                        + "' is not a valid environment variable name");
            }
            env.put(name, Objects.requireNonNull(value, () -> "value of " + name));
        });
        environment = Collections.unmodifiableMap(env);
        devicePaths = List.copyOf(devicePaths);
        devicePaths.forEach(p -> absolute(p, "device path"));
        mounts = List.copyOf(mounts);
    }

    /**
     * One Docker device request, e.g. driver {@code nvidia}, the GPUs' UUIDs and capability
     * {@code gpu} (what {@code docker run --gpus '"device=GPU-…"'} sends).
     *
     * @param driver       the device driver, e.g. {@code nvidia}; not blank
     * @param deviceIds    the devices, as the driver names them (UUIDs or indexes); at least one;
     *                     copied
     * @param capabilities the capabilities the driver must provide, all of them together (Docker's
     *                     {@code Capabilities} is a list of such lists; this is one of them), e.g.
     *                     {@code [gpu]}; may be empty; copied
     */
    public record DeviceRequest(String driver, List<String> deviceIds, List<String> capabilities) {

        /**
         * Validates the components and copies them.
         *
         * @param driver       the device driver
         * @param deviceIds    the devices, as the driver names them
         * @param capabilities the capabilities the driver must provide, all of them together
         * @throws NullPointerException     when a component or an element is {@code null}
         * @throws IllegalArgumentException when the driver or an element is blank, or there are no
         *                                  device ids
         */
        public DeviceRequest {
            if (Objects.requireNonNull(driver, "driver").isBlank()) {
                throw new IllegalArgumentException("a device request needs a driver");
            }
            deviceIds = List.copyOf(deviceIds);
            if (deviceIds.isEmpty()) {
                throw new IllegalArgumentException("a device request needs at least one device id");
            }
            capabilities = List.copyOf(capabilities);
            if (deviceIds.stream().anyMatch(String::isBlank)
                    || capabilities.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("device ids and capabilities must not be blank");
            }
        }
    }

    /**
     * A bind mount of a host path into the container.
     *
     * @param source   the absolute host path
     * @param target   the absolute path in the container
     * @param readOnly whether the container may only read it
     */
    public record Mount(String source, String target, boolean readOnly) {

        /**
         * Validates the components.
         *
         * @param source   the absolute host path
         * @param target   the absolute path in the container
         * @param readOnly whether the container may only read it
         * @throws NullPointerException     when a path is {@code null}
         * @throws IllegalArgumentException when a path is not absolute
         */
        public Mount {
            absolute(source, "mount source");
            absolute(target, "mount target");
        }
    }

    private static void absolute(String path, String what) {
        Objects.requireNonNull(path, what);
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(what + " must be an absolute path: '" + path + "'");
        }
    }
}
