package io.berth.spi.storage;

/** A folder that an operation needs does not exist on the volume. */
public class FolderNotFoundException extends StorageException {
    private static final long serialVersionUID = 1L;

    /**
     * The folder is missing.
     *
     * @param volume the volume's name
     * @param folder the folder
     */
    public FolderNotFoundException(String volume, FolderPath folder) {
        super("folder " + folder + " does not exist on volume " + volume);
    }
}
