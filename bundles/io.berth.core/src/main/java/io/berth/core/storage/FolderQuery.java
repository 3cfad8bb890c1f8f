package io.berth.core.storage;

/**
 * Filters of a folder list; {@code null} means any. {@code type} user/project; {@code project} an id or
 * name; {@code all} asks administrators for every folder they may manage instead of only those they
 * own or share as project members.
 */
public record FolderQuery(String type, String project, String usageMode, String volume, String owner, boolean all) {
    public static final FolderQuery MINE = new FolderQuery(null, null, null, null, null, false);
}
