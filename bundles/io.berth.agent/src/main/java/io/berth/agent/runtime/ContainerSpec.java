package io.berth.agent.runtime;

import io.berth.spi.resource.ResourceSlots;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A kernel's container to create.
 *
 * @param kernelId          the kernel; the key that makes {@link ContainerRuntime#create} idempotent;
 *                          not blank, at most 128 characters
 * @param sessionId         the session the kernel belongs to; not blank
 * @param image             the image reference, which must be present on this host (create
 *                          does not pull; see {@link ContainerRuntime#pull})
 * @param command           the command, empty for the image's default; copied
 * @param environment       environment variables; copied
 * @param resources         what the kernel may use: {@code cpu} (cores), {@code mem} (bytes) and
 *                          accelerator slots such as {@code cuda.device}; an absent {@code cpu} or
 *                          {@code mem} means no limit; not {@code null}
 * @param sharedMemoryBytes the size of {@code /dev/shm}, 0 for Docker's default
 * @param mounts            host paths to bind-mount; copied
 * @param sudo              whether the kernel runs as root with Docker's default capabilities;
 *                          otherwise it runs as {@code 1000:1000} with {@code no-new-privileges}
 *                          and a minimal set of capabilities
 * @param labels            further container labels; none may start with
 *                          {@value ContainerRuntime#LABEL_PREFIX}; copied
 */
public record ContainerSpec(String kernelId, String sessionId, String image, List<String> command,
        Map<String, String> environment, ResourceSlots resources, long sharedMemoryBytes,
        List<Mount> mounts, boolean sudo, Map<String, String> labels) {

    /**
     * Validates and copies the components.
     *
     * @throws NullPointerException     when a required component or an element is {@code null}
     * @throws IllegalArgumentException when an id or the image is blank, {@code sharedMemoryBytes}
     *                                  is negative or a label uses the reserved prefix
     */
    public ContainerSpec {
        kernelId = notBlank(kernelId, "kernelId");
        if (kernelId.length() > 128) {
            throw new IllegalArgumentException("kernelId must have at most 128 characters");
        }
        sessionId = notBlank(sessionId, "sessionId");
        image = notBlank(image, "image");
        command = command == null ? List.of() : List.copyOf(command);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        Objects.requireNonNull(resources, "resources");
        if (sharedMemoryBytes < 0) {
            throw new IllegalArgumentException("sharedMemoryBytes must not be negative: " + sharedMemoryBytes);
        }
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        for (String key : labels.keySet()) {
            if (key.startsWith(ContainerRuntime.LABEL_PREFIX)) {
                throw new IllegalArgumentException("label '" + key + "' uses the prefix "
                        + ContainerRuntime.LABEL_PREFIX + ", which the runtime reserves for itself");
            }
        }
    }

    private static String notBlank(String s, String what) {
        if (Objects.requireNonNull(s, what).isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return s;
    }

    /**
     * A bind mount of a host path into the container.
     *
     * @param source   the absolute host path
     * @param target   the absolute path in the container
     * @param readOnly whether the container may only read it
     */
    public record Mount(String source, String target, boolean readOnly) {

        /** @throws IllegalArgumentException when a path is not absolute */
        public Mount {
            absolute(source, "mount source");
            absolute(target, "mount target");
        }

        private static void absolute(String path, String what) {
            if (!Objects.requireNonNull(path, what).startsWith("/")) {
                throw new IllegalArgumentException(what + " must be an absolute path: '" + path + "'");
            }
        }
    }
}
