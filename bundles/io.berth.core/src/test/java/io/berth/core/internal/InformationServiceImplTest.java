package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.ForbiddenException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Role;
import io.berth.core.info.ComponentInfo.SpiImport;
import io.berth.core.info.ComponentInfo;
import io.berth.core.info.SystemInformation;
import io.berth.core.internal.InformationServiceImpl.Import;
import io.berth.core.internal.InformationServiceImpl.PackageWire;
import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/** SPEC Y3: reading Import-Package headers and deciding whether a component's SPI imports are met. */
class InformationServiceImplTest {
    private static final String SCHED = "io.berth.spi.scheduler";
    private static final String STORAGE = "io.berth.spi.storage";

    private static Import imp(String pkg, String range, boolean optional) {
        return new Import(pkg, new VersionRange(range), optional);
    }

    // ------------------------------------------------------------ header parsing

    @Test
    void onlySpiPackagesAreKeptWithTheirQuotedRanges() {
        String header = "org.osgi.framework;version=\"[1.10,2)\",io.berth.spi.scheduler;version=\"[1.0,2)\","
                + "io.berth.core.identity;version=\"[1.0,2)\",io.berth.spix;version=\"[1,2)\","
                + "io.berth.spi;version=\"[1.2,1.3)\"";
        assertEquals(List.of(imp(SCHED, "[1.0,2)", false), imp("io.berth.spi", "[1.2,1.3)", false)),
                InformationServiceImpl.spiImports(header));
    }

    @Test
    void severalPackagesInOneClauseShareItsAttributes() {
        assertEquals(List.of(imp("io.berth.spi.resource", "[1.1,2)", false), imp(STORAGE, "[1.1,2)", false),
                imp(SCHED, "[3,4)", true)), InformationServiceImpl.spiImports(
                        "io.berth.spi.resource;io.berth.spi.storage;version=\"[1.1,2)\","
                                + "javax.inject;io.berth.spi.scheduler;resolution:=optional;version=\"[3,4)\""));
    }

    @Test
    void optionalResolutionIsRecognisedQuotedOrNot() {
        assertEquals(List.of(imp(SCHED, "[1,2)", true), imp(STORAGE, "[1,2)", true),
                imp("io.berth.spi.auth", "[1,2)", false)), InformationServiceImpl.spiImports(
                        SCHED + ";resolution:=optional;version=\"[1,2)\"," + STORAGE
                                + ";version=\"[1,2)\";resolution:=\"optional\",io.berth.spi.auth;version=\"[1,2)\";"
                                + "resolution:=mandatory"));
    }

    @Test
    void unquotedVersionsMissingVersionsAndWhitespace() {
        assertEquals(List.of(imp(SCHED, "1.2", false), imp(STORAGE, "0.0.0", false),
                imp("io.berth.spi.auth", "[1.0,2.0)", false)), InformationServiceImpl.spiImports(
                        SCHED + ";version=1.2, " + STORAGE + " ,\n io.berth.spi.auth ; version = \"[1.0,2.0)\" "));
        assertEquals(List.of(), InformationServiceImpl.spiImports(null));
        assertEquals(List.of(), InformationServiceImpl.spiImports("org.slf4j;version=\"[1.7,2)\""));
    }

    @Test
    void aRangeIsItsWholeQuotedText() {
        List<Import> imports = InformationServiceImpl.spiImports(SCHED + ";version=\"[1.0.0,2.0.0)\"");
        assertEquals(1, imports.size());
        assertTrue(imports.get(0).range().includes(new Version("1.9.9")));
        assertFalse(imports.get(0).range().includes(new Version("2.0.0")));
        assertFalse(imports.get(0).range().includes(new Version("0.9.0")));
    }

    // ------------------------------------------------------------ decisions

    private static ComponentInfo describe(String bsn, List<Import> imports, Map<String, PackageWire> wired,
            Map<String, List<Version>> exports) {
        return InformationServiceImpl.describe(7, bsn, "Name", "1.0.0", "active", imports, wired, exports);
    }

    private static Map<String, PackageWire> wired(String pkg, String version) {
        return Map.of(pkg, new PackageWire(pkg, new Version(version)));
    }

    @Test
    void wiredWithinTheRangeIsSatisfied() {
        ComponentInfo c = describe("io.berth.scheduler.fifo", List.of(imp(SCHED, "[1.0,2)", false)),
                wired(SCHED, "1.2.0"), Map.of(SCHED, List.of(new Version("1.2.0"))));
        assertEquals(List.of(new SpiImport(SCHED, "[1.0.0,2.0.0)", "1.2.0", true)), c.spiImports());
        assertTrue(c.compatible());
        assertEquals(List.of(), c.problems());
        assertTrue(c.plugin());
        assertEquals(new ComponentInfo(7, "io.berth.scheduler.fifo", "Name", "1.0.0", "active", true,
                c.spiImports(), true, List.of()), c);
    }

    @Test
    void wiredOutsideTheRangeIsAProblem() {
        ComponentInfo c = describe("io.berth.scheduler.fifo", List.of(imp(SCHED, "[1.0,2)", false)),
                wired(SCHED, "2.1.0"), Map.of());
        assertEquals(List.of(new SpiImport(SCHED, "[1.0.0,2.0.0)", "2.1.0", false)), c.spiImports());
        assertFalse(c.compatible(), "an unsatisfied import makes the component incompatible");
        assertEquals(1, c.problems().size());
        assertTrue(c.problems().get(0).contains(SCHED) && c.problems().get(0).contains("2.1.0"), c.problems().get(0));
    }

    @Test
    void unresolvedButAMatchingExportIsInstalled() {
        ComponentInfo c = describe("com.acme.sched", List.of(imp(SCHED, "[1.0,2)", false)), Map.of(),
                Map.of(SCHED, List.of(new Version("0.9.0"), new Version("1.4.0"))));
        assertEquals(List.of(new SpiImport(SCHED, "[1.0.0,2.0.0)", null, true)), c.spiImports());
        assertTrue(c.compatible());
        assertEquals(List.of(), c.problems());
    }

    @Test
    void unresolvedWithNoExportSaysSo() {
        ComponentInfo c = describe("com.acme.sched", List.of(imp(SCHED, "[1.0,2)", false)), Map.of(), Map.of());
        assertFalse(c.compatible());
        assertEquals(List.of("imports io.berth.spi.scheduler [1.0.0,2.0.0) but no installed bundle exports it"),
                c.problems());
        assertFalse(c.spiImports().get(0).satisfied());
        assertNull(c.spiImports().get(0).wiredTo());
    }

    @Test
    void unresolvedWithAnIncompatibleExportNamesTheInstalledVersions() {
        ComponentInfo c = describe("com.acme.sched", List.of(imp(SCHED, "[2.0,3)", false),
                imp(STORAGE, "[1.0,2)", false)), Map.of(), Map.of(SCHED, List.of(new Version("1.3.0")),
                        STORAGE, List.of(new Version("1.0.0"))));
        assertFalse(c.compatible());
        assertEquals(List.of("imports io.berth.spi.scheduler [2.0.0,3.0.0) but the installed SPI exports [1.3.0]"),
                c.problems(), "only the unmet import is a problem");
        assertEquals(List.of(false, true), c.spiImports().stream().map(SpiImport::satisfied).toList());
    }

    @Test
    void anOptionalImportWithoutExportIsNoProblem() {
        ComponentInfo c = describe("com.acme.sched", List.of(imp(SCHED, "[2.0,3)", true)), Map.of(), Map.of());
        assertTrue(c.compatible());
        assertTrue(c.spiImports().get(0).satisfied());
    }

    @Test
    void pluginFlagAndName() {
        for (String platform : List.of("io.berth.spi", "io.berth.core", "io.berth.persistence.jpa", "io.berth.rest",
                "io.berth.shell", "io.berth.agent")) {
            assertFalse(describe(platform, List.of(), Map.of(), Map.of()).plugin(), platform);
        }
        for (String plugin : List.of("io.berth.scheduler.drf", "io.berth.accelerator.cuda", "com.acme.thing")) {
            assertTrue(describe(plugin, List.of(), Map.of(), Map.of()).plugin(), plugin);
        }
        ComponentInfo unnamed = InformationServiceImpl.describe(1, "x.y", null, "1", "resolved", List.of(), Map.of(),
                Map.of());
        assertEquals("x.y", unnamed.name());
    }

    @Test
    void statesAreLowerCaseWords() {
        assertEquals("installed", InformationServiceImpl.state(Bundle.INSTALLED));
        assertEquals("resolved", InformationServiceImpl.state(Bundle.RESOLVED));
        assertEquals("starting", InformationServiceImpl.state(Bundle.STARTING));
        assertEquals("stopping", InformationServiceImpl.state(Bundle.STOPPING));
        assertEquals("active", InformationServiceImpl.state(Bundle.ACTIVE));
        assertEquals("uninstalled", InformationServiceImpl.state(Bundle.UNINSTALLED));
    }

    // ------------------------------------------------------------ the whole service over a small framework

    /** A proxy answering the named methods; anything else fails the test. */
    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(InformationServiceImplTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, m, args) -> {
                    if (m.getName().equals("adapt")) {
                        return answers.get("adapt:" + ((Class<?>) args[0]).getSimpleName());
                    }
                    if (!answers.containsKey(m.getName())) {
                        throw new UnsupportedOperationException(type.getSimpleName() + "." + m.getName());
                    }
                    return answers.get(m.getName());
                });
    }

    private static BundleCapability export(String pkg, String version) {
        return fake(BundleCapability.class, Map.of("getAttributes", Map.of(BundleRevision.PACKAGE_NAMESPACE, pkg,
                "version", new Version(version))));
    }

    private static Bundle bundle(long id, String bsn, int state, String importHeader, BundleRevision revision,
            BundleWiring wiring) {
        Hashtable<String, String> headers = new Hashtable<>();
        headers.put("Bundle-Name", bsn + " bundle");
        if (importHeader != null) {
            headers.put("Import-Package", importHeader);
        }
        Map<String, Object> answers = new java.util.HashMap<>();
        answers.put("getSymbolicName", bsn);
        answers.put("getHeaders", headers);
        answers.put("getBundleId", id);
        answers.put("getVersion", new Version("1.0.0"));
        answers.put("getState", state);
        answers.put("adapt:BundleRevision", revision);
        answers.put("adapt:BundleWiring", wiring);
        return fake(Bundle.class, answers);
    }

    private InformationServiceImpl framework() {
        BundleRevision spiRevision = fake(BundleRevision.class, Map.of("getDeclaredCapabilities",
                List.of(export(SCHED, "1.1.0"), export("org.other", "9.0.0"))));
        BundleWire toSpi = fake(BundleWire.class, Map.of("getCapability", export(SCHED, "1.1.0")));
        BundleWiring fifoWiring = fake(BundleWiring.class, Map.of("isInUse", true, "getRequiredWires",
                List.of(toSpi)));
        Bundle spi = bundle(10, "io.berth.spi", Bundle.ACTIVE, null, spiRevision, null);
        Bundle core = bundle(11, "io.berth.core", Bundle.ACTIVE, SCHED + ";version=\"[1.0,2)\"", null, null);
        Bundle fifo = bundle(20, "io.berth.scheduler.fifo", Bundle.ACTIVE, SCHED + ";version=\"[1.0,2)\"", null,
                fifoWiring);
        Bundle future = bundle(21, "com.acme.future", Bundle.INSTALLED, SCHED + ";version=\"[2.0,3)\"", null, null);
        Bundle unrelated = bundle(5, "org.apache.felix.scr", Bundle.ACTIVE, "org.osgi.framework", null, null);
        Bundle self = bundle(11, "io.berth.core", Bundle.ACTIVE, null, null, null);
        BundleContext ctx = fake(BundleContext.class, Map.of("getBundles",
                new Bundle[] {future, unrelated, fifo, core, spi}, "getBundle", self));
        return new InformationServiceImpl(ctx);
    }

    @Test
    void describesBerthBundlesAndSpiImportersPlatformFirst() {
        SystemInformation info = framework().describe(new Caller("m", "m@x", Role.MONITOR, "default", null));
        assertEquals("1.0.0", info.managerVersion());
        assertEquals(SystemInformation.API_VERSION, info.apiVersion());
        assertEquals(List.of("io.berth.core", "io.berth.spi", "com.acme.future", "io.berth.scheduler.fifo"),
                info.components().stream().map(ComponentInfo::symbolicName).toList());
        ComponentInfo fifo = info.components().get(3);
        assertEquals(List.of(new SpiImport(SCHED, "[1.0.0,2.0.0)", "1.1.0", true)), fifo.spiImports());
        assertTrue(fifo.compatible());
        assertEquals("io.berth.scheduler.fifo bundle", fifo.name());
        ComponentInfo future = info.components().get(2);
        assertEquals("installed", future.state());
        assertFalse(future.compatible());
        assertEquals(List.of("imports io.berth.spi.scheduler [2.0.0,3.0.0) but the installed SPI exports [1.1.0]"),
                future.problems());
        // core is not wired in this fake framework, but the installed export satisfies it
        assertTrue(info.components().get(0).compatible());
    }

    @Test
    void onlySuperadminsAndMonitorsMayAsk() {
        InformationServiceImpl svc = framework();
        assertEquals(4, svc.describe(Caller.SYSTEM).components().size());
        for (Role r : List.of(Role.ADMIN, Role.USER)) {
            ForbiddenException x = assertThrows(ForbiddenException.class,
                    () -> svc.describe(new Caller("u", "u@x", r, "default", null)));
            assertEquals(403, x.status());
        }
    }
}
