package io.berth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.identity.Caller;
import io.berth.core.identity.Inputs.NewDomain;
import io.berth.core.identity.Inputs.NewUser;
import io.berth.core.identity.PageRequest;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.console.CommandLine;
import org.junit.jupiter.api.Test;

class CompletersTest {
    private final FakeIdentityService identity = new FakeIdentityService();

    /** A command line whose cursor is at the end of {@code word}. */
    private static CommandLine line(String word) {
        return new CommandLine() {
            @Override
            public int getCursorArgumentIndex() {
                return 1;
            }

            @Override
            public String getCursorArgument() {
                return word;
            }

            @Override
            public int getArgumentPosition() {
                return word.length();
            }

            @Override
            public String[] getArguments() {
                return new String[] {"berth:user-show", word};
            }

            @Override
            public int getBufferPosition() {
                return getBuffer().length();
            }

            @Override
            public String getBuffer() {
                return "berth:user-show " + word;
            }
        };
    }

    private static List<String> complete(IdentityCompleter completer, FakeIdentityService identity, String word) {
        completer.identity = identity;
        List<String> candidates = new ArrayList<>();
        completer.complete(null, line(word), candidates);
        return candidates.stream().map(String::trim).sorted().toList();
    }

    @Test
    void completesEmailsAccessKeysDomainsAndProjects() {
        for (String email : List.of("ann@example.com", "andy@example.com", "bea@example.com")) {
            identity.createUser(Caller.SYSTEM, new NewUser(email, null, "s3cret!pw", null, null, null, null, null, null,
                    null, null, null));
        }
        identity.createDomain(Caller.SYSTEM, new NewDomain("lab", null, true, List.of(), List.of()));

        assertEquals(List.of("andy@example.com", "ann@example.com"), complete(new UserEmailCompleter(), identity, "an"));
        assertEquals(3, complete(new AccessKeyCompleter(), identity, "AK").size());
        assertEquals(List.of("lab"), complete(new DomainNameCompleter(), identity, "l"));
        assertEquals(List.of("lab/model-store"), complete(new ProjectCompleter(), identity, "lab/"));
        String id = identity.projects.values().iterator().next().id();
        assertTrue(complete(new ProjectCompleter(), identity, "").contains(id));
        assertEquals(PageRequest.MAX_LIMIT, identity.lastPage.limit(), "one page of the service's maximum size");
    }
}
