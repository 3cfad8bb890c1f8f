package io.berth.core.identity;

import io.berth.core.identity.Inputs.DomainUpdate;
import io.berth.core.identity.Inputs.KeyPairUpdate;
import io.berth.core.identity.Inputs.NewDomain;
import io.berth.core.identity.Inputs.NewKeyPair;
import io.berth.core.identity.Inputs.NewProject;
import io.berth.core.identity.Inputs.NewUser;
import io.berth.core.identity.Inputs.ProjectUpdate;
import io.berth.core.identity.Inputs.UserUpdate;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Domains, projects, users and keypairs (SPEC R1–R3, U1–U8, K1–K4). Every method checks the caller's
 * role and domain (R3) and runs each change in one transaction.
 */
@ProviderType
public interface IdentityService {

    Page<Domain> listDomains(Caller caller, Boolean active, PageRequest page);

    Domain getDomain(Caller caller, String name);

    /** Creates the domain and its model-store project together. */
    Domain createDomain(Caller caller, NewDomain input);

    Domain updateDomain(Caller caller, String name, DomainUpdate input);

    Page<Project> listProjects(Caller caller, String domain, Boolean active, PageRequest page);

    Project getProject(Caller caller, String id);

    Project createProject(Caller caller, NewProject input);

    Project updateProject(Caller caller, String id, ProjectUpdate input);

    Page<User> listUsers(Caller caller, UserQuery query, PageRequest page);

    UserDetail getUser(Caller caller, String email);

    CreatedUser createUser(Caller caller, NewUser input);

    UserDetail updateUser(Caller caller, String email, UserUpdate input);

    /** SPEC U8: status inactive and all the user's keypairs inactive, in one transaction. */
    UserDetail deactivateUser(Caller caller, String email);

    /** Changes the caller's own password after checking the current one. */
    void changeOwnPassword(Caller caller, String currentPassword, String newPassword);

    Page<KeyPair> listKeyPairs(Caller caller, KeyPairQuery query, PageRequest page);

    KeyPair getKeyPair(Caller caller, String accessKey);

    /** Returns the new keypair with its secret; the only time the secret is shown besides login. */
    KeyPair createKeyPair(Caller caller, NewKeyPair input);

    KeyPair updateKeyPair(Caller caller, String accessKey, KeyPairUpdate input);

    /** SPEC K3: refused with 409 when anything (e.g. a session) was ever created with it. */
    void deleteKeyPair(Caller caller, String accessKey);

    /**
     * E-mails (the user ids clients see) of the given internal user ids, keyed by internal id, for the
     * users the caller may view; others are left out. At most {@link PageRequest#MAX_LIMIT} ids.
     */
    java.util.Map<String, String> userEmails(Caller caller, java.util.Collection<String> userIds);
}
