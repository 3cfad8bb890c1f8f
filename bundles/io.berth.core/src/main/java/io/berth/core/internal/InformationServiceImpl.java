package io.berth.core.internal;

import io.berth.core.identity.Caller;
import io.berth.core.info.ComponentInfo.SpiImport;
import io.berth.core.info.ComponentInfo;
import io.berth.core.info.InformationService;
import io.berth.core.info.SystemInformation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * SPEC Y3 from the running framework: every bundle named {@code io.berth.*} or importing a Berth SPI
 * package, with its state and whether each SPI import is satisfied (wired, or — for a bundle that did
 * not resolve — matched by an installed SPI export).
 */
@Component(service = InformationService.class)
public final class InformationServiceImpl implements InformationService {
    static final String SPI = "io.berth.spi";
    /** Bundles of the platform itself; every other Berth or SPI-importing bundle is a plugin. */
    static final Set<String> PLATFORM = Set.of("io.berth.spi", "io.berth.core", "io.berth.persistence.jpa",
            "io.berth.rest", "io.berth.shell", "io.berth.agent");
    private static final PackageWire NOT_WIRED = new PackageWire(null, null);

    private final BundleContext context;

    @Activate
    public InformationServiceImpl(BundleContext context) {
        this.context = context;
    }

    @Override
    public SystemInformation describe(Caller caller) {
        if (!caller.isGlobalReader()) {
            throw new io.berth.core.error.ForbiddenException("only a superadmin or a monitor may view system information");
        }
        Bundle[] bundles = context.getBundles();
        Map<String, List<Version>> exports = spiExports(bundles);
        List<ComponentInfo> components = new ArrayList<>();
        for (Bundle b : bundles) {
            String bsn = b.getSymbolicName();
            List<Import> imports = spiImports(b.getHeaders("").get(Constants.IMPORT_PACKAGE));
            if (bsn == null || (!bsn.startsWith("io.berth.") && imports.isEmpty())) {
                continue;
            }
            Map<String, PackageWire> wired = wiredSpi(b);
            components.add(describe(b.getBundleId(), bsn, b.getHeaders("").get(Constants.BUNDLE_NAME),
                    b.getVersion().toString(), state(b.getState()), imports, wired, exports));
        }
        components.sort(Comparator.comparing(ComponentInfo::plugin).thenComparing(ComponentInfo::symbolicName));
        Bundle self = context.getBundle();
        return new SystemInformation(self == null ? "unknown" : self.getVersion().toString(),
                SystemInformation.API_VERSION, System.getProperty("java.version"),
                System.getProperty("karaf.version", "unknown"), components);
    }

    /** One {@code Import-Package} clause of an SPI package. */
    record Import(String packageName, VersionRange range, boolean optional) {
    }

    record PackageWire(String packageName, Version version) {
    }

    /** The decision, free of the framework so that it can be tested on its own. */
    static ComponentInfo describe(long id, String bsn, String name, String version, String state, List<Import> imports,
            Map<String, PackageWire> wired, Map<String, List<Version>> exports) {
        List<SpiImport> views = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Import i : imports) {
            PackageWire w = wired.getOrDefault(i.packageName(), NOT_WIRED);
            boolean satisfied;
            if (w.version() != null) {
                satisfied = i.range().includes(w.version());
                if (!satisfied) {
                    problems.add("imports " + i.packageName() + " " + i.range() + " but is wired to version "
                            + w.version());
                }
            } else {
                List<Version> offered = exports.getOrDefault(i.packageName(), List.of());
                satisfied = offered.stream().anyMatch(i.range()::includes) || i.optional();
                if (!satisfied) {
                    problems.add("imports " + i.packageName() + " " + i.range() + " but "
                            + (offered.isEmpty() ? "no installed bundle exports it"
                                    : "the installed SPI exports " + offered));
                }
            }
            views.add(new SpiImport(i.packageName(), i.range().toString(),
                    w.version() == null ? null : w.version().toString(), satisfied));
        }
        boolean plugin = !PLATFORM.contains(bsn);
        return new ComponentInfo(id, bsn, name == null ? bsn : name, version, state, plugin, views, problems.isEmpty(),
                problems);
    }

    static String state(int s) {
        return switch (s) {
            case Bundle.INSTALLED -> "installed";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.ACTIVE -> "active";
            default -> "uninstalled";
        };
    }

    private static Map<String, List<Version>> spiExports(Bundle[] bundles) {
        Map<String, List<Version>> m = new HashMap<>();
        for (Bundle b : bundles) {
            BundleRevision r = b.adapt(BundleRevision.class);
            if (r == null) {
                continue;
            }
            for (BundleCapability c : r.getDeclaredCapabilities(BundleRevision.PACKAGE_NAMESPACE)) {
                Object pkg = c.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE);
                if (pkg instanceof String p && isSpi(p)) {
                    m.computeIfAbsent(p, k -> new ArrayList<>()).add(version(c));
                }
            }
        }
        return m;
    }

    private static Map<String, PackageWire> wiredSpi(Bundle b) {
        Map<String, PackageWire> m = new HashMap<>();
        BundleWiring wiring = b.adapt(BundleWiring.class);
        if (wiring == null || !wiring.isInUse()) {
            return m;
        }
        List<BundleWire> wires = wiring.getRequiredWires(BundleRevision.PACKAGE_NAMESPACE);
        for (BundleWire w : wires == null ? List.<BundleWire>of() : wires) {
            Object pkg = w.getCapability().getAttributes().get(BundleRevision.PACKAGE_NAMESPACE);
            if (pkg instanceof String p && isSpi(p)) {
                m.put(p, new PackageWire(p, version(w.getCapability())));
            }
        }
        return m;
    }

    private static Version version(BundleCapability c) {
        Object v = c.getAttributes().get(Constants.VERSION_ATTRIBUTE);
        return v instanceof Version version ? version : Version.emptyVersion;
    }

    static boolean isSpi(String pkg) {
        return pkg.equals(SPI) || pkg.startsWith(SPI + ".");
    }

    /** The SPI clauses of an {@code Import-Package} header (quotes respected; several packages per clause). */
    static List<Import> spiImports(String header) {
        List<Import> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        for (String clause : split(header, ',')) {
            List<String> parts = split(clause, ';');
            List<String> packages = new ArrayList<>();
            VersionRange range = new VersionRange("0.0.0");
            boolean optional = false;
            for (String part : parts) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq < 0) {
                    packages.add(p);
                    continue;
                }
                String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = p.substring(eq + 1).trim();
                if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
                    value = value.substring(1, value.length() - 1);
                }
                if (key.equals("version")) {
                    range = new VersionRange(value);
                } else if (key.equals("resolution:") && value.equals("optional")) {
                    optional = true;
                }
            }
            for (String pkg : packages) {
                if (isSpi(pkg)) {
                    out.add(new Import(pkg, range, optional));
                }
            }
        }
        return out;
    }

    private static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            }
            if (ch == sep && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
