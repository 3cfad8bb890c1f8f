package io.berth.rest.internal;

import io.berth.core.resource.SlotRegistry;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.PageView;
import io.berth.rest.internal.Views.SlotTypeView;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The resource slot types known now (built-ins and those of installed plugins), for any signed caller. */
@Component(service = ResourceSlotResource.class, property = RestContext.RESOURCE + "=true")
@Path("/admin/resource-slots")
@Produces(MediaType.APPLICATION_JSON)
public final class ResourceSlotResource {
    private final SlotRegistry slots;

    @Activate
    public ResourceSlotResource(@Reference SlotRegistry slots) {
        this.slots = slots;
    }

    /** Sorted by name. */
    @GET
    public PageView<SlotTypeView> list() {
        return Views.all(List.copyOf(slots.definitions().values()), SlotTypeView::of);
    }
}
