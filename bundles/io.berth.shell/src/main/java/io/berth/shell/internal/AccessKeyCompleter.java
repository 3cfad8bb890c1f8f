package io.berth.shell.internal;

import io.berth.core.identity.KeyPair;
import io.berth.core.identity.KeyPairQuery;
import io.berth.core.identity.PageRequest;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes access keys (active and inactive keypairs). */
@Service
public class AccessKeyCompleter extends IdentityCompleter {
    @Override
    List<String> values(PageRequest page) {
        KeyPairQuery all = new KeyPairQuery(null, null, null, null, null);
        return identity.listKeyPairs(CALLER, all, page).items().stream().map(KeyPair::accessKey).toList();
    }
}
