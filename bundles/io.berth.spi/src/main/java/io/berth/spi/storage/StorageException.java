package io.berth.spi.storage;

/**
 * A storage operation failed: an I/O error, a missing mount path, a path that would leave the
 * volume, a refusing storage API. The message says what failed, where and why.
 */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure without an underlying exception.
     *
     * @param message what failed, on which volume and folder, and why
     */
    public StorageException(String message) {
        super(message);
    }

    /**
     * A failure caused by another exception, typically an {@link java.io.IOException}.
     *
     * @param message what failed, on which volume and folder, and why
     * @param cause   the underlying exception
     */
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
