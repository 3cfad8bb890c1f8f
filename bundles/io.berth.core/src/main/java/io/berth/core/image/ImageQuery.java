package io.berth.core.image;

/** Filters of the image list; {@code null} means any. {@code name} matches a part of the reference. */
public record ImageQuery(String registry, String name, String architecture) {
    public static final ImageQuery ALL = new ImageQuery(null, null, null);
}
