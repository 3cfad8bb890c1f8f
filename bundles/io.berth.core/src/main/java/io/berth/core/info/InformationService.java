package io.berth.core.info;

import io.berth.core.identity.Caller;
import org.osgi.annotation.versioning.ProviderType;

/** SPEC Y3; superadmins and monitors only. */
@ProviderType
public interface InformationService {
    SystemInformation describe(Caller caller);
}
