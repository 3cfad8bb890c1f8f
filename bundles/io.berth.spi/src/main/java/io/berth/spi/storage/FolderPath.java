package io.berth.spi.storage;

import java.util.Objects;

/**
 * Where a virtual folder lives on a volume: its quota scope and its id.
 *
 * @param scope    the quota scope that holds the folder; not {@code null}
 * @param folderId the folder's id, e.g. a UUID; the same rules as {@link QuotaScope#id()}
 */
public record FolderPath(QuotaScope scope, String folderId) {

    /**
     * Validates the components.
     *
     * @param scope    the quota scope that holds the folder
     * @param folderId the folder's id
     * @throws NullPointerException     when a component is {@code null}
     * @throws IllegalArgumentException when the folder id is not a safe path component
     */
    public FolderPath {
        Objects.requireNonNull(scope, "scope");
        Ids.check(folderId, "folder id");
    }

    /**
     * The folder's directory relative to a volume's mount path.
     *
     * @return {@code <kind>/<scopeId>/<folderId>}, e.g. {@code project/p1/f1}, always with {@code /}
     */
    public String relativePath() {
        return scope.relativePath() + "/" + folderId;
    }

    @Override
    public String toString() {
        return relativePath();
    }
}
