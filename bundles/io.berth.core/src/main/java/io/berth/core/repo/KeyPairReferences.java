package io.berth.core.repo;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Tells whether anything refers to a keypair, so that it must not be deleted (SPEC K3). The session
 * store registers one ("sessions were created with it"); core consults every registered instance.
 */
@ConsumerType
public interface KeyPairReferences {
    /** Human-readable reasons, empty when nothing of this kind refers to the keypair. */
    List<String> referencesTo(String accessKey);
}
