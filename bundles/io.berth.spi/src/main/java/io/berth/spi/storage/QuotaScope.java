package io.berth.spi.storage;

import java.util.Locale;
import java.util.Objects;

/**
 * A quota scope: the folders of one user or of one project on a volume, which share a quota.
 *
 * @param kind whether the scope belongs to a user or a project; not {@code null}
 * @param id   the user's or project's id, e.g. a UUID; 1 to 128 letters, digits and {@code . _ -},
 *             starting with a letter or digit, never containing {@code ..} (so it is always one
 *             safe path component)
 */
public record QuotaScope(Kind kind, String id) {

    /** Who owns a quota scope. */
    public enum Kind {
        /** A user's own folders. */
        USER,
        /** A project's folders. */
        PROJECT;

        /**
         * The directory name of this kind on a volume.
         *
         * @return {@code user} or {@code project}
         */
        public String directoryName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Validates the components.
     *
     * @param kind whether the scope belongs to a user or a project
     * @param id   the user's or project's id
     * @throws NullPointerException     when a component is {@code null}
     * @throws IllegalArgumentException when the id is not a safe path component
     */
    public QuotaScope {
        Objects.requireNonNull(kind, "kind");
        Ids.check(id, "quota scope id");
    }

    /**
     * The scope of a user.
     *
     * @param id the user's id
     * @return the scope
     */
    public static QuotaScope user(String id) {
        return new QuotaScope(Kind.USER, id);
    }

    /**
     * The scope of a project.
     *
     * @param id the project's id
     * @return the scope
     */
    public static QuotaScope project(String id) {
        return new QuotaScope(Kind.PROJECT, id);
    }

    /**
     * The scope's directory relative to a volume's mount path.
     *
     * @return {@code <kind>/<id>}, e.g. {@code user/7d0c…}, always with {@code /}
     */
    public String relativePath() {
        return kind.directoryName() + "/" + id;
    }

    @Override
    public String toString() {
        return kind.directoryName() + ":" + id;
    }
}
