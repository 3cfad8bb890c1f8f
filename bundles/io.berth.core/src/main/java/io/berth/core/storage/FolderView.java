package io.berth.core.storage;

/**
 * A folder as one caller sees it: {@code ownerName} is the owning user's email or the project's name;
 * {@code myPermission} what this caller may do in it (the folder's permission for members, {@code wd} for
 * the administrators who manage a project folder); {@code modelStore} whether it is a model card folder.
 */
public record FolderView(VFolder folder, String ownerName, FolderPermission myPermission, boolean modelStore) {
}
