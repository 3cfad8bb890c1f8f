package io.berth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.identity.Caller;
import io.berth.core.identity.Inputs.NewDomain;
import io.berth.core.identity.Inputs.NewUser;
import io.berth.core.identity.PageRequest;
import io.berth.core.resource.ResourceInputs.PresetInput;
import io.berth.core.resource.ResourceInputs.ProjectPolicyInput;
import io.berth.core.resource.ResourceInputs.UserPolicyInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.console.CommandLine;
import org.junit.jupiter.api.Test;

class CompletersTest {
    private final FakeIdentityService identity = new FakeIdentityService();

    /** A command line with the given words after the command, the cursor at the end of the last one. */
    private static CommandLine words(String command, String... words) {
        String[] args = new String[words.length + 1];
        args[0] = command;
        System.arraycopy(words, 0, args, 1, words.length);
        String last = words[words.length - 1];
        String buffer = String.join(" ", args);
        return new CommandLine() {
            @Override
            public int getCursorArgumentIndex() {
                return words.length;
            }

            @Override
            public String getCursorArgument() {
                return last;
            }

            @Override
            public int getArgumentPosition() {
                return last.length();
            }

            @Override
            public String[] getArguments() {
                return args;
            }

            @Override
            public int getBufferPosition() {
                return buffer.length();
            }

            @Override
            public String getBuffer() {
                return buffer;
            }
        };
    }

    private static List<String> complete(PolicyCompleter completer, FakeResourcePolicyService policies,
            CommandLine line) {
        completer.policies = policies;
        List<String> candidates = new ArrayList<>();
        completer.complete(null, line, candidates);
        return candidates.stream().map(String::trim).sorted().toList();
    }

    private static List<String> complete(IdentityCompleter completer, FakeIdentityService identity, String word) {
        completer.identity = identity;
        List<String> candidates = new ArrayList<>();
        completer.complete(null, TestCommandLines.at("berth:user-show", word), candidates);
        return candidates.stream().map(String::trim).sorted().toList();
    }

    @Test
    void completesEmailsAccessKeysDomainsAndProjects() {
        for (String email : List.of("ann@example.com", "andy@example.com", "bea@example.com")) {
            identity.createUser(Caller.SYSTEM, new NewUser(email, null, "s3cret!pw", null, null, null, null, null, null,
                    null, null, null));
        }
        identity.createDomain(Caller.SYSTEM, new NewDomain("lab", null, true, List.of(), List.of(), null));

        assertEquals(List.of("andy@example.com", "ann@example.com"), complete(new UserEmailCompleter(), identity, "an"));
        assertEquals(3, complete(new AccessKeyCompleter(), identity, "AK").size());
        assertEquals(List.of("lab"), complete(new DomainNameCompleter(), identity, "l"));
        assertEquals(List.of("lab/model-store"), complete(new ProjectCompleter(), identity, "lab/"));
        String id = identity.projects.values().iterator().next().id();
        assertTrue(complete(new ProjectCompleter(), identity, "").contains(id));
        assertEquals(PageRequest.MAX_LIMIT, identity.lastPage.limit(), "one page of the service's maximum size");
    }

    @Test
    void completesPolicyNamesOfTheKindOnTheLineAndPresetNames() {
        FakeResourcePolicyService policies = new FakeResourcePolicyService();
        policies.createUserPolicy(Caller.SYSTEM, new UserPolicyInput("students", null, null, null, null));
        policies.createUserPolicy(Caller.SYSTEM, new UserPolicyInput("staff", null, null, null, null));
        policies.createProjectPolicy(Caller.SYSTEM, new ProjectPolicyInput("labs", null, null));
        policies.createPreset(Caller.SYSTEM, new PresetInput("small", Map.of("cpu", "1"), null, null));

        assertEquals(List.of("staff", "students"),
                complete(new PolicyNameCompleter(), policies, words("berth:policy-show", "user", "st")));
        assertEquals(List.of("default", "labs"),
                complete(new PolicyNameCompleter(), policies, words("berth:policy-delete", "PROJECT", "")));
        assertEquals(List.of(), complete(new PolicyNameCompleter(), policies, words("berth:policy-show", "")));
        assertEquals(List.of("default"), complete(new KeypairPolicyCompleter(), policies, words("x", "d")));
        assertEquals(List.of("staff"), complete(new UserPolicyCompleter(), policies, words("x", "sta")));
        assertEquals(List.of("labs"), complete(new ProjectPolicyCompleter(), policies, words("x", "l")));
        assertEquals(List.of("small"), complete(new PresetNameCompleter(), policies, words("x", "")));
    }

    private static List<String> complete(org.apache.karaf.shell.api.console.Completer completer, String word) {
        List<String> candidates = new ArrayList<>();
        completer.complete(null, TestCommandLines.at("berth:user-show", word), candidates);
        return candidates.stream().map(String::trim).sorted().toList();
    }

    @Test
    void completesAgentIdsOfEveryStatusAndResourceGroupNames() {
        FakeAgentService agents = new FakeAgentService();
        AgentIdCompleter ids = new AgentIdCompleter();
        ids.agents = agents;
        assertEquals(List.of("i-cpu7", "i-gpu1", "i-old"), complete(ids, "i-"));
        assertEquals(List.of("i-gpu1"), complete(ids, "i-g"));
        assertEquals(null, agents.lastQuery.statuses(), "lost and terminated agents are offered too");
        assertEquals(PageRequest.MAX_LIMIT, agents.lastPage.limit());

        ResourceGroupNameCompleter names = new ResourceGroupNameCompleter();
        names.groups = new FakeResourceGroupService();
        assertEquals(List.of("default", "gpu"), complete(names, ""));
        assertEquals(List.of("gpu"), complete(names, "g"));
    }

    @Test
    void completesRegistryHostnamesAndImageReferences() {
        FakeImageService images = new FakeImageService();
        RegistryHostnameCompleter hosts = new RegistryHostnameCompleter();
        hosts.images = images;
        assertEquals(List.of("cr.backend.ai", "registry.local:5000"), complete(hosts, ""));
        assertEquals(List.of("registry.local:5000"), complete(hosts, "reg"));

        ImageReferenceCompleter refs = new ImageReferenceCompleter();
        refs.images = images;
        assertEquals(List.of(FakeImageService.PYTHON, FakeImageService.LOCAL), complete(refs, ""));
        assertEquals(List.of(FakeImageService.PYTHON), complete(refs, "cr.backend.ai/st"));
        assertEquals(new io.berth.core.image.ImageQuery(null, "cr.backend.ai/st", null),
                images.calls.get(images.calls.size() - 2), "the typed part narrows the look-up");
        assertEquals(PageRequest.MAX_LIMIT, ((PageRequest) images.calls.get(images.calls.size() - 1)).limit());

        FakeImageService failing = new FakeImageService() {
            @Override
            public List<io.berth.core.image.ContainerRegistry> listRegistries(Caller caller) {
                throw new io.berth.core.error.ForbiddenException("no");
            }

            @Override
            public io.berth.core.identity.Page<io.berth.core.image.Image> list(Caller caller,
                    io.berth.core.image.ImageQuery query, PageRequest page) {
                throw new io.berth.core.error.ForbiddenException("no");
            }
        };
        hosts.images = failing;
        refs.images = failing;
        assertEquals(List.of(), complete(hosts, ""));
        assertEquals(List.of(), complete(refs, ""));
    }

    @Test
    void aFailingLookUpOffersNothing() {
        AgentIdCompleter ids = new AgentIdCompleter();
        ids.agents = new FakeAgentService() {
            @Override
            public io.berth.core.identity.Page<io.berth.core.agent.Agent> list(Caller caller,
                    io.berth.core.agent.AgentQuery query, PageRequest page) {
                throw new io.berth.core.error.ForbiddenException("no");
            }
        };
        assertEquals(List.of(), complete(ids, ""));
        ResourceGroupNameCompleter names = new ResourceGroupNameCompleter();
        names.groups = new FakeResourceGroupService() {
            @Override
            public List<io.berth.core.group.ResourceGroup> list(Caller caller) {
                throw new io.berth.core.error.ForbiddenException("no");
            }
        };
        assertEquals(List.of(), complete(names, ""));
    }
}
