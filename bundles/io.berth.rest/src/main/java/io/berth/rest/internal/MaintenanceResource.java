package io.berth.rest.internal;

import io.berth.core.identity.Caller;
import io.berth.core.session.SessionService;
import io.berth.core.session.UsageRecalculation;
import io.berth.rest.api.RestContext;
import io.berth.rest.internal.Views.UsageRecalculationView;
import java.util.ArrayList;
import java.util.List;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** SPEC Y2, superadmins only (core decides): maintenance tasks, answered with their report when done. */
@Component(service = MaintenanceResource.class, property = RestContext.RESOURCE + "=true")
@Path("/admin/maintenance")
@Produces(MediaType.APPLICATION_JSON)
public final class MaintenanceResource {
    /** At most this many progress lines are kept in an answer; the rest are counted. */
    static final int MAX_PROGRESS_LINES = 1000;

    private final SessionService sessions;

    @Activate
    public MaintenanceResource(@Reference SessionService sessions) {
        this.sessions = sessions;
    }

    /**
     * Rebuilds every agent's occupied slots from its live sessions' containers; answers what changed and the
     * progress lines of the run.
     */
    @POST
    @Path("recalculate-usage")
    public UsageRecalculationView recalculateUsage(@Context ContainerRequestContext rc) {
        return recalculateUsage(sessions, RestContext.caller(rc));
    }

    /** Runs the recalculation, keeping at most {@link #MAX_PROGRESS_LINES} progress lines. */
    static UsageRecalculationView recalculateUsage(SessionService sessions, Caller caller) {
        List<String> progress = new ArrayList<>();
        int[] dropped = {0};
        UsageRecalculation r = sessions.recalculateUsage(caller, line -> {
            synchronized (progress) {
                if (progress.size() < MAX_PROGRESS_LINES) {
                    progress.add(line);
                } else {
                    dropped[0]++;
                }
            }
        });
        synchronized (progress) {
            if (dropped[0] > 0) {
                progress.add("\u2026 and " + dropped[0] + " more lines");
            }
            return UsageRecalculationView.of(r, progress);
        }
    }
}
