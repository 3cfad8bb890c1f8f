package io.berth.auth.totp.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Plain (non-factory) configurations in memory; records every update. */
final class FakeConfigurationAdmin implements ConfigurationAdmin {
    final Map<String, FakeConfiguration> configurations = new LinkedHashMap<>();
    final List<String> requestedLocations = new ArrayList<>();
    final List<Dictionary<String, Object>> updates = new ArrayList<>();
    IOException failUpdates;

    /** A configuration as an administrator would have created it (e.g. from etc/*.cfg). */
    FakeConfiguration preset(String pid, Map<String, Object> properties) {
        FakeConfiguration c = new FakeConfiguration(pid);
        c.properties = new Hashtable<>(properties);
        c.properties.put("service.pid", pid);
        configurations.put(pid, c);
        return c;
    }

    Dictionary<String, Object> properties(String pid) {
        FakeConfiguration c = configurations.get(pid);
        return c == null ? null : c.getProperties();
    }

    @Override
    public Configuration getConfiguration(String pid, String location) {
        requestedLocations.add(location);
        return configurations.computeIfAbsent(pid, FakeConfiguration::new);
    }

    @Override
    public Configuration getConfiguration(String pid) {
        return getConfiguration(pid, null);
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid, String location) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name, String location) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Configuration[] listConfigurations(String filter) {
        return configurations.values().stream().filter(c -> c.properties != null).toArray(Configuration[]::new);
    }

    final class FakeConfiguration implements Configuration {
        private final String pid;
        private Hashtable<String, Object> properties;
        private long changes;

        FakeConfiguration(String pid) {
            this.pid = pid;
        }

        @Override
        public String getPid() {
            return pid;
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            return properties == null ? null : new Hashtable<>(properties);
        }

        @Override
        public Dictionary<String, Object> getProcessedProperties(ServiceReference<?> reference) {
            return getProperties();
        }

        @Override
        public void update(Dictionary<String, ?> props) throws IOException {
            if (failUpdates != null) {
                throw failUpdates;
            }
            Hashtable<String, Object> copy = new Hashtable<>();
            for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                copy.put(k, props.get(k));
            }
            copy.put("service.pid", pid);
            properties = copy;
            changes++;
            updates.add(new Hashtable<>(copy));
        }

        @Override
        public void delete() {
            configurations.remove(pid);
        }

        @Override
        public String getFactoryPid() {
            return null;
        }

        @Override
        public void update() {
            changes++;
        }

        @Override
        public boolean updateIfDifferent(Dictionary<String, ?> props) throws IOException {
            update(props);
            return true;
        }

        @Override
        public void setBundleLocation(String location) {
        }

        @Override
        public String getBundleLocation() {
            return "?";
        }

        @Override
        public long getChangeCount() {
            return changes;
        }

        @Override
        public void addAttributes(ConfigurationAttribute... attrs) {
        }

        @Override
        public Set<ConfigurationAttribute> getAttributes() {
            return Collections.emptySet();
        }

        @Override
        public void removeAttributes(ConfigurationAttribute... attrs) {
        }
    }
}
