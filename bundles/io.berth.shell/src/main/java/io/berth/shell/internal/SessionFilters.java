package io.berth.shell.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.group.SessionType;
import io.berth.core.session.SessionQuery;
import io.berth.core.session.SessionStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** The filters session-list and session-export share (SPEC C1, C7); absent filters match every session. */
abstract class SessionFilters extends SessionCommand {

    @Option(name = "--status", multiValued = true, description = "pending, scheduled, preparing, running, "
            + "terminating, terminated, cancelled or error (repeatable or comma-separated; default: every status)")
    @Completion(value = StringsCompleter.class, values = {"pending", "scheduled", "preparing", "running",
        "terminating", "terminated", "cancelled", "error"})
    List<String> status;

    @Option(name = "--access-key", description = "Only sessions of this keypair")
    @Completion(AccessKeyCompleter.class)
    String accessKey;

    @Option(name = "--owner", description = "Only sessions of this user (e-mail)")
    @Completion(UserEmailCompleter.class)
    String owner;

    @Option(name = "--project", description = "Only sessions of this project (id or domain/name)")
    @Completion(ProjectCompleter.class)
    String project;

    @Option(name = "--domain", description = "Only sessions of this domain")
    @Completion(DomainNameCompleter.class)
    String domain;

    @Option(name = "--resource-group", description = "Only sessions of this resource group")
    @Completion(ResourceGroupNameCompleter.class)
    String resourceGroup;

    @Option(name = "--agent", description = "Only sessions with a container on this agent")
    @Completion(AgentIdCompleter.class)
    String agent;

    @Option(name = "--type", description = "interactive, batch or inference")
    @Completion(value = StringsCompleter.class, values = {"interactive", "batch", "inference"})
    String type;

    @Option(name = "--name", description = "Only sessions of this name")
    String name;

    @Option(name = "--created-from", description = "Created at or after this time (ISO-8601, e.g. "
            + "2025-06-01T12:00:00Z, or a date: its start in UTC)")
    String createdFrom;

    @Option(name = "--created-to", description = "Created before this time (ISO-8601 or a date)")
    String createdTo;

    SessionQuery query() {
        String projectId = project;
        if (project != null && project.indexOf('/') >= 0) {
            projectId = Lookups.project(identity, project).id();
        }
        return new SessionQuery(statuses(status), blank(accessKey), blank(owner), blank(projectId), blank(domain),
                blank(resourceGroup), blank(agent), type(type), blank(name),
                instant(createdFrom, "created-from", true), instant(createdTo, "created-to", true));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The statuses of repeated and comma-separated values; empty (every status) when none. */
    static Set<SessionStatus> statuses(List<String> raw) {
        Set<SessionStatus> out = EnumSet.noneOf(SessionStatus.class);
        List<String> values = Format.values(raw);
        for (String v : values == null ? List.<String>of() : values) {
            SessionStatus s = SessionStatus.fromWire(v);
            if (s == null) {
                throw new ValidationException("--status: '" + v + "' is not a session status; use pending, "
                        + "scheduled, preparing, running, terminating, terminated, cancelled or error", "status");
            }
            out.add(s);
        }
        return out;
    }

    static SessionType type(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        for (SessionType t : SessionType.values()) {
            if (t.wire().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new ValidationException("--type: '" + text.trim() + "' is not a session type; use interactive, batch "
                + "or inference", "type");
    }

    /**
     * An ISO-8601 date-time with an offset ({@code 2025-06-01T12:00:00Z}); with {@code dateAllowed} also a
     * date ({@code 2025-06-01}, its start in UTC). {@code null} stays {@code null}.
     */
    static Instant instant(String text, String option, boolean dateAllowed) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            if (dateAllowed) {
                try {
                    return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e2) {
                    // reported below
                }
            }
        }
        throw new ValidationException("--" + option + ": '" + t + "' is not an ISO-8601 date-time with an offset "
                + "such as 2025-06-01T12:00:00Z" + (dateAllowed ? " or a date such as 2025-06-01" : ""),
                option.replace('-', '_'));
    }
}
