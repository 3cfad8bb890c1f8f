package io.berth.core.identity;

import java.util.List;

/** SPEC U4: a user with its domain, projects and keypairs (keypairs without secrets). */
public record UserDetail(User user, Domain domain, List<Project> projects, List<KeyPair> keyPairs) {
    public UserDetail {
        projects = List.copyOf(projects);
        keyPairs = List.copyOf(keyPairs);
    }
}
