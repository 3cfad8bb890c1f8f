package io.berth.core.session;

import io.berth.core.group.SessionType;
import io.berth.spi.resource.ResourceSlots;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * SPEC C1: a compute session as stored. {@code slotsPerContainer} is what each of its
 * {@code clusterSize} containers asks for; {@code requested} their total. {@code pendingReasons} are
 * the checks that failed the last time the scheduler tried it ("why is it pending?"), {@code retries}
 * how often that happened. {@code version} grows with every change (optimistic concurrency).
 * {@code lastActivity} drives the idle timeout. The {@code with…} methods keep the version; the store
 * raises it on every save. {@code kernels} are ordered by index.
 */
public record Session(String id, String name, String accessKey, String userId, String ownerEmail,
        String projectId, String domain, String resourceGroup, SessionType type, String image,
        String architecture, int clusterSize, ClusterMode clusterMode, ResourceSlots slotsPerContainer,
        ResourceSlots requested, Map<String, String> environment, List<String> mounts, String startupCommand,
        int priority, List<String> dependencies, Instant startsAt, boolean sudo, SessionStatus status,
        String statusReason, Instant statusChangedAt, List<String> pendingReasons, int retries,
        Instant createdAt, Instant terminatedAt, Instant lastActivity, long version, List<Kernel> kernels) {

    public static final int MAX_CLUSTER_SIZE = 100;
    public static final int MAX_PRIORITY = 100;

    public Session {
        environment = Map.copyOf(environment);
        mounts = List.copyOf(mounts);
        dependencies = List.copyOf(dependencies);
        pendingReasons = List.copyOf(pendingReasons);
        kernels = List.copyOf(kernels);
    }

    public Kernel mainKernel() {
        return kernels.isEmpty() ? null : kernels.get(0);
    }

    /** This session in {@code next} status (the caller has checked the transition). */
    public Session withStatus(SessionStatus next, String reason, Instant at) {
        return new Session(id, name, accessKey, userId, ownerEmail, projectId, domain, resourceGroup, type, image,
                architecture, clusterSize, clusterMode, slotsPerContainer, requested, environment, mounts,
                startupCommand, priority, dependencies, startsAt, sudo, next, reason, at,
                next == SessionStatus.PENDING ? pendingReasons : List.of(), retries, createdAt,
                next.isFinal() ? at : terminatedAt, lastActivity, version, kernels);
    }

    public Session withKernels(List<Kernel> k) {
        return new Session(id, name, accessKey, userId, ownerEmail, projectId, domain, resourceGroup, type, image,
                architecture, clusterSize, clusterMode, slotsPerContainer, requested, environment, mounts,
                startupCommand, priority, dependencies, startsAt, sudo, status, statusReason, statusChangedAt,
                pendingReasons, retries, createdAt, terminatedAt, lastActivity, version, k);
    }

    /** Still pending, with why and one more retry. */
    public Session withPendingReasons(List<String> reasons, boolean countRetry) {
        return new Session(id, name, accessKey, userId, ownerEmail, projectId, domain, resourceGroup, type, image,
                architecture, clusterSize, clusterMode, slotsPerContainer, requested, environment, mounts,
                startupCommand, priority, dependencies, startsAt, sudo, status,
                reasons.isEmpty() ? statusReason : String.join("; ", reasons), statusChangedAt, reasons,
                countRetry ? retries + 1 : retries, createdAt, terminatedAt, lastActivity, version, kernels);
    }

    public Session withVersion(long v) {
        return new Session(id, name, accessKey, userId, ownerEmail, projectId, domain, resourceGroup, type, image,
                architecture, clusterSize, clusterMode, slotsPerContainer, requested, environment, mounts,
                startupCommand, priority, dependencies, startsAt, sudo, status, statusReason, statusChangedAt,
                pendingReasons, retries, createdAt, terminatedAt, lastActivity, v, kernels);
    }

    /** The same status with another reason (a note such as "agent lost"), keeping when the status changed. */
    public Session withReason(String reason) {
        return new Session(id, name, accessKey, userId, ownerEmail, projectId, domain, resourceGroup, type, image,
                architecture, clusterSize, clusterMode, slotsPerContainer, requested, environment, mounts,
                startupCommand, priority, dependencies, startsAt, sudo, status, reason, statusChangedAt,
                pendingReasons, retries, createdAt, terminatedAt, lastActivity, version, kernels);
    }

    public Session withActivity(Instant at) {
        return new Session(id, name, accessKey, userId, ownerEmail, projectId, domain, resourceGroup, type, image,
                architecture, clusterSize, clusterMode, slotsPerContainer, requested, environment, mounts,
                startupCommand, priority, dependencies, startsAt, sudo, status, statusReason, statusChangedAt,
                pendingReasons, retries, createdAt, terminatedAt, at, version, kernels);
    }
}
