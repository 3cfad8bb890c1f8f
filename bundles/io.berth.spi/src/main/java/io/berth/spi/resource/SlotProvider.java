package io.berth.spi.resource;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Declares resource slot types. Plugins (accelerators, for example) register an implementation as
 * an OSGi service, customarily with the service property {@code berth.slots=<plugin key>}.
 *
 * <p>Core merges the definitions of all registered providers with its built-in slots
 * ({@code cpu}, {@code mem}, …) and uses the result to parse requests, check policies and format
 * amounts. Providers come and go with their bundles; the slots of a removed provider become
 * unknown again.
 */
@ConsumerType
public interface SlotProvider {

    /**
     * The slot types this provider contributes.
     *
     * @return the definitions, never {@code null}; each name should appear once. Core may call
     *         this at any time and from any thread, so return the same (immutable) list each time.
     */
    List<SlotDefinition> slotDefinitions();
}
