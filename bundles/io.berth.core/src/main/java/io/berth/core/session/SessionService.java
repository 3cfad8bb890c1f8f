package io.berth.core.session;

import io.berth.core.identity.Caller;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Compute sessions (SPEC C1–C7, A5, Y2, P6). Every method applies SPEC R3: users see and change their
 * own sessions; domain admins those of their domain; superadmins all; monitors read all.
 */
@ProviderType
public interface SessionService {

    /**
     * Creates a session in PENDING status and wakes its group's dispatcher. Checks at once what can be
     * checked at creation (P6): the group is allowed to the caller and takes this session type, the
     * image and resources are valid, containers per session, pending count and pending slots.
     */
    Session create(Caller caller, SessionInput input);

    Page<Session> list(Caller caller, SessionQuery query, PageRequest page);

    /** The session with its status history. Counts as activity of the session when its owner asks. */
    SessionDetail get(Caller caller, String id);

    /**
     * The end of the main container's output, at most {@code tailLines} lines: asked from the agent
     * while the container lives, kept from its last report after it is gone.
     */
    String logs(Caller caller, String id, int tailLines);

    /**
     * Ends a session: a pending one is CANCELLED, a placed one goes TERMINATING until its agent has
     * destroyed its containers. {@code forced} (admins only, or when the agent is lost) releases its
     * resources at once without waiting for the agent.
     */
    Session terminate(Caller caller, String id, boolean forced);

    /** SPEC A5: per resource group allowed to the caller (or only {@code resourceGroup}), which presets fit now. */
    List<PresetCheck> checkPresets(Caller caller, String resourceGroup);

    /**
     * SPEC C7: writes the sessions matching {@code query} in the caller's scope as CSV, streamed in
     * constant memory (read page by page), with a header row.
     */
    void exportCsv(Caller caller, SessionQuery query, Writer out) throws IOException;

    /**
     * SPEC Y2 (superadmin): rebuilds every agent's occupied slots from its live sessions' containers and
     * reports what changed; {@code progress} receives a line per step.
     */
    UsageRecalculation recalculateUsage(Caller caller, Consumer<String> progress);
}
