package io.berth.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.CoreOptions.when;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.net.MalformedURLException;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * Boots the built Berth distribution (once for the whole suite) with REST on port {@value #PORT}.
 * The superadmin comes from BERTH_ADMIN_EMAIL / BERTH_ADMIN_PASSWORD set by failsafe.
 */
public abstract class BerthTestSupport {
    public static final int PORT = 18181;
    public static final String ADMIN_EMAIL = "admin@berth.test";
    public static final String ADMIN_PASSWORD = "Admin-pass-1!";

    /** The manager's base URL as tests reach it. */
    static String base() {
        return "http://127.0.0.1:" + PORT;
    }

    @Configuration
    public Option[] config() throws MalformedURLException {
        String dist = System.getProperty("berth.distribution");
        return new Option[] {
            karafDistributionConfiguration().frameworkUrl(new File(dist).toURI().toURL().toString())
                    .karafVersion(System.getProperty("karaf.version", "4.4.10")).name("Berth")
                    .unpackDirectory(new File("target/exam")).useDeployFolder(false),
            configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
            logLevel(LogLevel.WARN),
            // where the example third-party plugin's jar lies (tests inside Karaf copy it into deploy/)
            systemProperty("berth.example.jar").value(String.valueOf(System.getProperty("berth.example.jar"))),
            when(Boolean.getBoolean("berth.keepRuntime")).useOptions(keepRuntimeFolder()),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(PORT)),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.ops4j.pax.web.listening.addresses", "127.0.0.1"),
            // agents heartbeat every 2 s and are LOST after 8 s, so liveness tests take seconds
            editConfigurationFilePut("etc/io.berth.manager.cfg", "heartbeat.interval.seconds", "2"),
            editConfigurationFilePut("etc/io.berth.manager.cfg", "heartbeat.timeout.seconds", "8"),
            // session lifetimes are checked every second, so timeout tests take seconds
            editConfigurationFilePut("etc/io.berth.manager.cfg", "session.check.seconds", "1"),
            editConfigurationFilePut("etc/io.berth.agent.cfg", "manager.url", "http://127.0.0.1:" + PORT),
            // bin/karaf's JPMS flags: Pax Exam does not add them (without them OsgiLocator is missing)
            vmOption("--add-reads=java.xml=java.logging"),
            vmOption("--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED"),
            vmOption("--patch-module"), vmOption("java.base=lib/endorsed/org.apache.karaf.specs.locator-"
                    + System.getProperty("karaf.version", "4.4.10") + ".jar"),
            vmOption("--patch-module"), vmOption("java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-"
                    + System.getProperty("karaf.version", "4.4.10") + ".jar"),
            vmOption("--add-opens"), vmOption("java.base/java.security=ALL-UNNAMED"),
            vmOption("--add-opens"), vmOption("java.base/java.net=ALL-UNNAMED"),
            vmOption("--add-opens"), vmOption("java.base/java.lang=ALL-UNNAMED"),
            vmOption("--add-opens"), vmOption("java.base/java.util=ALL-UNNAMED"),
            vmOption("--add-opens"), vmOption("java.naming/javax.naming.spi=ALL-UNNAMED"),
            vmOption("--add-opens"), vmOption("java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED"),
            vmOption("--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED"),
            vmOption("--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED"),
            vmOption("--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED"),
            vmOption("--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED"),
            vmOption("--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED"),
            vmOption("--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED"),
            vmOption("--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED"),
            vmOption("--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED"),
            vmOption("-Xmx512m"),
            vmOption("-Duser.timezone=UTC"),
        };
    }
}
