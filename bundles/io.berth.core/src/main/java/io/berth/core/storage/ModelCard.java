package io.berth.core.storage;

import java.util.List;
import java.util.Map;

/**
 * SPEC S6: a model folder of a model-store project. {@code status} is {@code ready} when
 * {@code model-definition.yaml} was read, {@code missing} when the folder has none yet, {@code error} when it
 * could not be read or parsed ({@code error} holds the message). {@code models} lists the definition's
 * models; the card's title, description, etc. come from the first model's metadata.
 */
public record ModelCard(String folderId, String folderName, String projectId, String domainName, boolean cloneable,
        String status, String error, String title, String description, List<Model> models) {

    /** One entry of {@code models:}: its name, path in the container and metadata as written. */
    public record Model(String name, String modelPath, Map<String, Object> metadata) {
    }
}
