package io.berth.core.agent;

import io.berth.spi.resource.ResourceSlots;
import java.util.List;
import java.util.Map;

/**
 * One container the manager wants on an agent ({@link Action#RUN}) or wants gone
 * ({@link Action#DESTROY}). Orders are keyed by {@code kernelId}: carrying one out twice does no harm.
 * {@code command} is the batch startup command (run with {@code sh -c}), {@code null} for the image's own;
 * {@code sudo} whether the container may run as root; {@code batch} whether the container is expected
 * to exit by itself. {@code pull} is the image auto-install rule ({@code digest}: pull unless the
 * local image has {@code imageDigest}; {@code tag}: pull when the tag is missing; {@code none}:
 * never pull); {@code registryUsername}/{@code registryPassword} are the credentials of the image's
 * registry, or {@code null}. The password is for the agent's pull only: {@link #toString()} hides it.
 */
public record KernelOrder(Action action, String kernelId, String sessionId, int index, String image,
        ResourceSlots slots, Map<String, String> environment, String command, boolean sudo, boolean batch,
        List<String> mounts, String pull, String imageDigest, String registryUsername, String registryPassword) {

    public static final String PULL_DIGEST = "digest";
    public static final String PULL_TAG = "tag";
    public static final String PULL_NONE = "none";

    /** An order for an image outside the catalogue: pulled when its tag is missing, without credentials. */
    public KernelOrder(Action action, String kernelId, String sessionId, int index, String image, ResourceSlots slots,
            Map<String, String> environment, String command, boolean sudo, boolean batch, List<String> mounts) {
        this(action, kernelId, sessionId, index, image, slots, environment, command, sudo, batch, mounts, PULL_TAG,
                null, null, null);
    }

    @Override
    public String toString() {
        return "KernelOrder[" + action + " " + kernelId + " of " + sessionId + " #" + index + ", image " + image
                + ", pull " + pull + (registryPassword == null ? "" : ", with registry credentials") + "]";
    }

    public enum Action {
        RUN, DESTROY
    }

    public KernelOrder {
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
    }
}
