package io.berth.spi.storage;

import java.util.Objects;

/**
 * The backend lacks the capability an operation needs, e.g. a quota call on a {@code vfs} volume.
 * Nothing was changed. Core answers with a clear refusal (HTTP 422), not a server error.
 */
public class MissingCapabilityException extends StorageException {
    private static final long serialVersionUID = 1L;

    private final String backend;
    private final Capability capability;

    /**
     * The backend does not support the capability.
     *
     * @param backend    the backend type, e.g. {@code vfs}
     * @param capability the missing capability
     */
    public MissingCapabilityException(String backend, Capability capability) {
        super("storage backend " + backend + " does not offer " + Objects.requireNonNull(capability, "capability"));
        this.backend = backend;
        this.capability = capability;
    }

    /**
     * The backend type.
     *
     * @return e.g. {@code vfs}
     */
    public String backend() {
        return backend;
    }

    /**
     * The missing capability.
     *
     * @return the capability
     */
    public Capability capability() {
        return capability;
    }
}
