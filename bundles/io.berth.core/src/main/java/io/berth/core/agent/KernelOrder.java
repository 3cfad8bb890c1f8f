package io.berth.core.agent;

import io.berth.spi.resource.ResourceSlots;
import java.util.List;
import java.util.Map;

/**
 * One container the manager wants on an agent ({@link Action#RUN}) or wants gone
 * ({@link Action#DESTROY}). Orders are keyed by {@code kernelId}: carrying one out twice does no harm.
 * {@code command} is the batch startup command (run with {@code sh -c}), {@code null} for the image's own;
 * {@code sudo} whether the container may run as root; {@code batch} whether the container is expected
 * to exit by itself.
 */
public record KernelOrder(Action action, String kernelId, String sessionId, int index, String image,
        ResourceSlots slots, Map<String, String> environment, String command, boolean sudo, boolean batch,
        List<String> mounts) {

    public enum Action {
        RUN, DESTROY
    }

    public KernelOrder {
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
    }
}
