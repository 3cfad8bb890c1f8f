package io.berth.shell.internal;

import io.berth.core.identity.Domain;
import io.berth.core.identity.KeyPair;
import io.berth.core.identity.Project;
import io.berth.core.identity.User;
import io.berth.core.identity.UserDetail;
import io.berth.spi.resource.SlotKind;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.karaf.shell.support.table.ShellTable;

/** The detail views the show, create and update commands print. Secrets never appear here. */
final class Views {
    /** How empty total resource slots of a domain or project read: a slot not named is unlimited. */
    static final String NO_SLOT_LIMIT = "unlimited";

    private Views() {
    }

    static void user(UserDetail detail, PrintStream out) {
        user(detail, null, out);
    }

    /**
     * The user; with {@code secondFactors} (installed factor → active) not empty, also a line
     * {@code Second factors: totp (active), …}.
     */
    static void user(UserDetail detail, Map<String, Boolean> secondFactors, PrintStream out) {
        User u = detail.user();
        new Format.Details()
                .add("Email", u.email())
                .add("Username", u.username())
                .add("Full name", u.fullName())
                .add("Description", u.description())
                .add("Domain", u.domainName())
                .add("Role", u.role().wire())
                .add("Status", u.status().wire())
                .add("Need password change", Format.yesNo(u.needPasswordChange()))
                .add("Sudo session", Format.yesNo(u.sudoSessionEnabled()))
                .add("Main access key", u.mainAccessKey())
                .add("Resource policy", u.resourcePolicy())
                .add("Projects", Format.list(detail.projects().stream().map(Project::name).toList()))
                .add("Created", Format.date(u.createdAt()))
                .add("Modified", Format.date(u.modifiedAt()))
                .print(out);
        if (secondFactors != null && !secondFactors.isEmpty()) {
            out.println("Second factors: " + TwoFactorCommand.describe(secondFactors));
        }
        if (u.needPasswordChange()) {
            out.println("Notice: the user is asked to change the password.");
        }
        out.println();
        out.println("Keypairs (" + detail.keyPairs().size() + "):");
        keyPairs(detail.keyPairs(), u.mainAccessKey(), out);
    }

    /** The keypairs of one user, marking the main access key. */
    static void keyPairs(List<KeyPair> keyPairs, String mainAccessKey, PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("(none)");
        table.column("ACCESS KEY").maxSize(24);
        table.column("MAIN");
        table.column("ACTIVE");
        table.column("ADMIN");
        table.column("POLICY").maxSize(16);
        table.column("RATE LIMIT").alignRight();
        table.column("CREATED");
        for (KeyPair k : keyPairs) {
            table.addRow().addContent(k.accessKey(), Format.yesNo(k.accessKey().equals(mainAccessKey)),
                    Format.yesNo(k.active()), Format.yesNo(k.admin()), Format.cut(k.resourcePolicy(), 16),
                    k.rateLimit(), Format.date(k.createdAt()));
        }
        table.print(out);
    }

    /** One keypair, without its secret. */
    static void keyPair(KeyPair k, String ownerEmail, PrintStream out) {
        new Format.Details()
                .add("Access key", k.accessKey())
                .add("Owner", ownerEmail != null ? ownerEmail : k.userId())
                .add("Active", Format.yesNo(k.active()))
                .add("Admin", Format.yesNo(k.admin()))
                .add("Resource policy", k.resourcePolicy())
                .add("Rate limit", k.rateLimit() + " requests / 15 min")
                .add("Created", Format.date(k.createdAt()))
                .add("Last used", Format.date(k.lastUsed()))
                .add("Queries", Long.toString(k.numQueries()))
                .print(out);
    }

    static void domain(Domain d, List<String> projectNames, long projectTotal, Function<String, SlotKind> kinds,
            PrintStream out) {
        String projects = projectTotal + (projectNames.isEmpty() ? ""
                : " (" + String.join(", ", projectNames) + (projectTotal > projectNames.size() ? ", \u2026" : "") + ")");
        new Format.Details()
                .add("Name", d.name())
                .add("Description", d.description())
                .add("Active", Format.yesNo(d.active()))
                .add("Total resource slots", SlotText.format(d.totalResourceSlots(), kinds, NO_SLOT_LIMIT))
                .add("Vfolder hosts", Format.list(d.allowedVfolderHosts()))
                .add("Docker registries", Format.list(d.allowedDockerRegistries()))
                .add("Projects", projects)
                .add("Created", Format.date(d.createdAt()))
                .add("Modified", Format.date(d.modifiedAt()))
                .print(out);
    }

    static void project(Project p, Function<String, SlotKind> kinds, PrintStream out) {
        new Format.Details()
                .add("Id", p.id())
                .add("Domain", p.domainName())
                .add("Name", p.name())
                .add("Type", p.type().wire())
                .add("Description", p.description())
                .add("Active", Format.yesNo(p.active()))
                .add("Total resource slots", SlotText.format(p.totalResourceSlots(), kinds, NO_SLOT_LIMIT))
                .add("Vfolder hosts", Format.list(p.allowedVfolderHosts()))
                .add("Docker registries", Format.list(p.allowedDockerRegistries()))
                .add("Resource policy", p.resourcePolicy())
                .add("Created", Format.date(p.createdAt()))
                .add("Modified", Format.date(p.modifiedAt()))
                .print(out);
    }
}
