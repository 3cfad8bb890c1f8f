package io.berth.rest.internal;

import io.berth.core.error.ValidationException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Page;
import io.berth.core.identity.PageRequest;
import io.berth.core.info.ComponentInfo;
import io.berth.core.info.InformationService;
import io.berth.core.info.SystemInformation;
import io.berth.core.resource.SlotRegistry;
import io.berth.core.settings.ImageInstallRule;
import io.berth.core.settings.SettingChange;
import io.berth.core.settings.SettingsService;
import io.berth.core.settings.SettingsUpdate;
import io.berth.core.settings.SystemSettings;
import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.resource.SlotDefinition;
import io.berth.spi.resource.SlotKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Hand-written fakes of the settings, information and slot services. */
final class FakeSystemServices {
    private FakeSystemServices() {
    }

    /** Settings in memory; each change is recorded as given. */
    static final class Settings implements SettingsService {
        SystemSettings settings = new SystemSettings(ImageInstallRule.DIGEST, 1500, 3, Map.of("drf", 7, "fifo", 1));
        final List<Object> calls = new ArrayList<>();
        final List<SettingChange> changes = new ArrayList<>();

        Settings() {
            for (int i = 5; i >= 1; i--) {
                changes.add(new SettingChange(i, "overlay_network_mtu", i == 1 ? null : String.valueOf(1400 + i),
                        String.valueOf(1401 + i), "admin@berth.io",
                        Instant.parse("2025-02-0" + i + "T10:00:00Z")));
            }
        }

        @Override
        public SystemSettings current() {
            return settings;
        }

        @Override
        public SystemSettings get(Caller caller) {
            calls.add(caller);
            return settings;
        }

        @Override
        public SystemSettings update(Caller caller, SettingsUpdate update) {
            calls.add(update);
            ImageInstallRule rule = settings.imageAutoInstall();
            if (update.imageAutoInstall() != null) {
                try {
                    rule = ImageInstallRule.valueOf(update.imageAutoInstall().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new ValidationException("use digest, tag or none", "image_auto_install");
                }
            }
            Map<String, Integer> retries = new TreeMap<>(settings.retriesToSkip());
            if (update.retriesToSkip() != null) {
                update.retriesToSkip().forEach((k, v) -> {
                    if (v == null) {
                        retries.remove(k);
                    } else {
                        retries.put(k, v);
                    }
                });
            }
            settings = new SystemSettings(rule,
                    update.overlayNetworkMtu() == null ? settings.overlayNetworkMtu() : update.overlayNetworkMtu(),
                    update.defaultRetriesToSkip() == null ? settings.defaultRetriesToSkip()
                            : update.defaultRetriesToSkip(), retries);
            return settings;
        }

        @Override
        public Page<SettingChange> history(Caller caller, PageRequest page) {
            calls.add(page);
            return new Page<>(changes.stream().skip(page.offset()).limit(page.limit()).toList(), changes.size(),
                    page.offset(), page.limit());
        }
    }

    /** A fixed description: one plugin wired to an SPI package, one not. */
    static final class Information implements InformationService {
        final List<Caller> callers = new ArrayList<>();

        @Override
        public SystemInformation describe(Caller caller) {
            callers.add(caller);
            return new SystemInformation("0.1.0.SNAPSHOT", SystemInformation.API_VERSION, "17.0.12", "4.4.10",
                    List.of(new ComponentInfo(42, "io.berth.core", "Berth :: Core", "0.1.0.SNAPSHOT", "active", false,
                            List.of(), true, List.of()),
                            new ComponentInfo(77, "org.example.gpu", "GPU plugin", "1.2.0", "installed", true,
                                    List.of(new ComponentInfo.SpiImport("io.berth.spi.resource", "[1.0,2)", "1.0.0",
                                            true),
                                            new ComponentInfo.SpiImport("io.berth.spi.agent", "[2.0,3)", null, false)),
                                    false, List.of("io.berth.spi.agent [2.0,3) is not exported"))));
        }
    }

    /** The built-in slots and one plugin slot with a policy maximum. */
    static final class Slots implements SlotRegistry {
        final Map<String, SlotDefinition> definitions = new TreeMap<>(Map.of(
                "cpu", new SlotDefinition("cpu", SlotKind.COUNT, "CPU cores", null),
                "mem", new SlotDefinition("mem", SlotKind.BYTES, "Memory", null),
                "cuda.device", new SlotDefinition("cuda.device", SlotKind.UNIQUE, "CUDA GPUs", new BigDecimal("8")),
                "cuda.shares", new SlotDefinition("cuda.shares", SlotKind.COUNT, "CUDA GPU shares",
                        new BigDecimal("2.50"))));

        @Override
        public Map<String, SlotDefinition> definitions() {
            return definitions;
        }

        @Override
        public SlotKind kind(String slot) {
            SlotDefinition d = definitions.get(slot);
            return d == null ? null : d.kind();
        }

        @Override
        public ResourceSlots parse(Map<String, ?> raw, String field) {
            throw new UnsupportedOperationException("REST never parses slots");
        }
    }
}
