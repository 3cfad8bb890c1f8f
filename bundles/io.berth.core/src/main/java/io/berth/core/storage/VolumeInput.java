package io.berth.core.storage;

import java.util.Map;

/**
 * A volume to create or change, as given. {@code name} is required on creation and must match the path
 * on update (it never changes). {@code options}, when given on update, replace the options except that a
 * secret option given as {@code null} keeps its stored value. {@code secretOptions} names the options to
 * seal (names containing "password", "secret" or "token" are always sealed).
 */
public record VolumeInput(String name, String backend, String mountPath, Map<String, String> options,
        java.util.List<String> secretOptions) {
}
