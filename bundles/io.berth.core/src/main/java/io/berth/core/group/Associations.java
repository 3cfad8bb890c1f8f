package io.berth.core.group;

import java.util.List;

/** Who a resource group is made available to: domain names, project ids, access keys (sorted). */
public record Associations(List<String> domains, List<String> projects, List<String> keyPairs) {
    public Associations {
        domains = List.copyOf(domains);
        projects = List.copyOf(projects);
        keyPairs = List.copyOf(keyPairs);
    }
}
