package io.berth.core.image;

import io.berth.core.identity.Caller;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Images and container registries (SPEC I1, I3, I4, Y2 rescan). Superadmins change registries and images
 * and start rescans; superadmins and monitors read registries; everyone signed in reads images.
 */
@ProviderType
public interface ImageService {
    List<ContainerRegistry> listRegistries(Caller caller);

    ContainerRegistry getRegistry(Caller caller, String hostname);

    ContainerRegistry createRegistry(Caller caller, RegistryInput input);

    ContainerRegistry updateRegistry(Caller caller, String hostname, RegistryInput input);

    /** Deletes the registry and forgets its images. */
    void deleteRegistry(Caller caller, String hostname);

    /** Starts a background rescan of one registry, or of all when {@code hostname} is null; returns at once. */
    RescanTask rescan(Caller caller, String hostname);

    RescanTask task(Caller caller, String id);

    /** Recent rescans, newest first. */
    List<RescanTask> tasks(Caller caller);

    Page<Image> list(Caller caller, ImageQuery query, PageRequest page);

    Image get(Caller caller, String reference);

    Image update(Caller caller, String reference, ImageUpdate update);

    /** Forgets an image (a later rescan finds it again if it is still in its registry). */
    void forget(Caller caller, String reference);
}
