package io.berth.rest.internal;

import io.berth.core.storage.StorageService;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.FolderView;
import io.berth.rest.internal.Views.ModelCardView;
import io.berth.rest.internal.Views.PageView;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * SPEC S6: the model store, the model folders of the model-store projects the caller belongs to (all for
 * superadmins), each read as a card from its {@code model-definition.yaml}. Cloning a card copies its folder
 * like {@code POST /folders/{folder}/clone}. The resource is served while a storage service is registered.
 */
@Component(service = ModelStoreResource.class, property = RestContext.RESOURCE + "=true")
@Path("/model-store/cards")
@Produces(MediaType.APPLICATION_JSON)
public final class ModelStoreResource {
    private final StorageService storage;

    @Activate
    public ModelStoreResource(@Reference StorageService storage) {
        this.storage = storage;
    }

    @GET
    public PageView<ModelCardView> list(@Context ContainerRequestContext rc) {
        return Views.all(storage.listModelCards(RestContext.caller(rc)), ModelCardView::of);
    }

    /** {@code folder}: the card's folder id. */
    @GET
    @Path("{folder}")
    public ModelCardView get(@Context ContainerRequestContext rc, @PathParam("folder") String folder) {
        return ModelCardView.of(storage.getModelCard(RestContext.caller(rc), folder));
    }

    /** Copies the card's folder into a new folder of the caller, described like a new folder: 201. */
    @POST
    @Path("{folder}/clone")
    @Consumes(MediaType.APPLICATION_JSON)
    @Answers(FolderView.class)
    public Response cloneCard(@Context ContainerRequestContext rc, @PathParam("folder") String folder,
            Requests.FolderBody body) {
        var v = storage.cloneFolder(RestContext.caller(rc), folder, FolderResource.input(Params.body(body)));
        return Response.created(UriBuilder.fromPath("/folders/{id}").build(v.folder().id()))
                .entity(FolderView.of(v)).build();
    }
}
