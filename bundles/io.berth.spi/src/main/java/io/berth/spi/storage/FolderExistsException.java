package io.berth.spi.storage;

/** A folder that an operation would create exists already on the volume. */
public class FolderExistsException extends StorageException {
    private static final long serialVersionUID = 1L;

    /**
     * The folder exists.
     *
     * @param volume the volume's name
     * @param folder the folder
     */
    public FolderExistsException(String volume, FolderPath folder) {
        super("folder " + folder + " exists already on volume " + volume);
    }
}
