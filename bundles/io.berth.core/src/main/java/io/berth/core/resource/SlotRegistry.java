package io.berth.core.resource;

import io.berth.spi.resource.ResourceSlots;
import io.berth.spi.resource.SlotDefinition;
import io.berth.spi.resource.SlotKind;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The resource slot types Berth knows: the built-ins ({@code cpu}, {@code mem}, {@code cuda.device},
 * {@code cuda.shares}) and every slot an installed {@link io.berth.spi.resource.SlotProvider} declares.
 * A plugin's slots come and go with the plugin.
 */
@ProviderType
public interface SlotRegistry {

    /** Every known slot by name, sorted. */
    Map<String, SlotDefinition> definitions();

    /** The kind of a slot, or null when no installed component declares it. */
    SlotKind kind(String slot);

    /**
     * Parses client input (numbers or text such as {@code "8g"}, {@code "inf"}) into slots; an unknown
     * slot, a malformed or negative amount is a {@link io.berth.core.error.ValidationException} whose
     * field is {@code field + "." + slot}.
     */
    ResourceSlots parse(Map<String, ?> raw, String field);
}
