package io.berth.agent.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs kernels as containers on this host through the Docker Engine.
 *
 * <p>Every container this runtime creates carries the labels {@value #AGENT_LABEL}{@code =<agent
 * id>}, {@value #KERNEL_LABEL}{@code =<kernel id>} and {@value #SESSION_LABEL}{@code =<session id>}
 * (plus its resources and accelerator allocation, so that the agent can rebuild its occupancy after
 * a restart). Only containers labelled with this agent's id are seen by {@link #list()},
 * {@link #inspect} and the other operations; each kernel id has at most one container.
 *
 * <p>All methods are thread-safe. Those that talk to Docker throw {@link ContainerRuntimeException}
 * when dockerd cannot be reached or refuses the request.
 */
@ProviderType
public interface ContainerRuntime {

    /** The label holding the id of the agent that created the container. */
    String AGENT_LABEL = "ai.berth.agent";
    /** The label holding the kernel id. */
    String KERNEL_LABEL = "ai.berth.kernel";
    /** The label holding the session id. */
    String SESSION_LABEL = "ai.berth.session";
    /** The prefix reserved for the runtime's own labels; {@link ContainerSpec#labels()} must not use it. */
    String LABEL_PREFIX = "ai.berth.";

    /**
     * Creates the container of {@code spec} and starts it. Idempotent: when a container for
     * {@code spec.kernelId()} exists already, it is returned unchanged (started first if it was
     * created but never started), whatever the rest of {@code spec} says.
     *
     * <p>Limits: memory {@code spec.resources()} {@code mem} (bytes), CPU {@code cpu} (cores, as
     * Docker NanoCpus), shared memory {@code spec.sharedMemoryBytes()}; accelerator slots (such as
     * {@code cuda.device}) are allocated by the accelerator plugins against the allocations of the
     * containers that run now. Without {@link ContainerSpec#sudo()} the container runs as
     * {@code 1000:1000}, with {@code no-new-privileges} and all capabilities dropped except a minimal
     * set; with it, as root with Docker's default capabilities.
     *
     * @param spec what to run; not {@code null}
     * @return the running (or already existing) container
     * @throws ContainerRuntimeException when dockerd is unreachable, the image is missing, the
     *                                   accelerator request does not fit or names a slot that no
     *                                   plugin offers, or Docker refuses the container
     */
    ContainerInfo create(ContainerSpec spec);

    /**
     * Stops the kernel's container: SIGTERM, then SIGKILL after {@code grace}. Does nothing when the
     * kernel has no container or it is not running.
     *
     * @param kernelId the kernel
     * @param grace    how long to wait before killing; rounded up to whole seconds, not negative
     */
    void stop(String kernelId, Duration grace);

    /**
     * Removes the kernel's container (killing it when it still runs) with its anonymous volumes.
     * Does nothing when the kernel has no container.
     *
     * @param kernelId the kernel
     */
    void remove(String kernelId);

    /**
     * @param kernelId the kernel
     * @return its container as Docker reports it now, or empty when it has none
     */
    Optional<ContainerInfo> inspect(String kernelId);

    /** @return this agent's containers (in any state), oldest first */
    List<ContainerInfo> list();

    /**
     * The last lines the kernel's container wrote to stdout and stderr, interleaved as written.
     *
     * @param kernelId  the kernel
     * @param tailLines how many lines from the end; 0 or negative for all
     * @return the text
     * @throws java.util.NoSuchElementException when the kernel has no container
     */
    String logs(String kernelId, int tailLines);

    /** @return whether dockerd answers now (a ping, bounded to a few seconds) */
    boolean available();

    /**
     * The local image a reference names, asked of Docker now.
     *
     * @param reference {@code repo:tag}, {@code repo} (meaning {@code repo:latest}) or {@code repo@sha256:…}
     * @return the image, or empty when this host does not have it
     * @since 1.2
     */
    Optional<ImageInfo> image(String reference);

    /**
     * The references of every local image: its tags ({@code repo:tag}) and digests ({@code repo@sha256:…}),
     * without Docker's {@code <none>} placeholders. May be up to about 30 s old (it is refreshed after a
     * {@link #pull}); at most 10,000 entries.
     *
     * @return the references, without duplicates
     * @since 1.2
     */
    List<String> localImages();

    /**
     * Pulls an image from its registry and waits for the pull to end (bounded to 10 minutes). The
     * credentials are used for this pull only and never logged.
     *
     * @param reference {@code repo:tag}, {@code repo} (meaning {@code repo:latest}) or {@code repo@sha256:…}
     * @param username  the registry user name, or {@code null} for an anonymous pull (or Docker's own
     *                  credentials for that registry)
     * @param password  the registry password; ignored without {@code username}
     * @throws ContainerRuntimeException when the pull fails or takes too long; its message never holds
     *                                   the password
     * @since 1.2
     */
    void pull(String reference, String username, String password);
}
