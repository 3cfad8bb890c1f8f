package io.berth.rest.internal;

import io.berth.core.auth.TwoFactorService;
import io.berth.core.identity.Caller;
import io.berth.core.identity.User;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code second_factors} member of the user views: every installed factor → whether it is active for
 * the user. {@code null} (the member is left out) while no factor is installed, so that a deployment
 * without second factors answers exactly as before.
 */
final class SecondFactors {
    private SecondFactors() {
    }

    /** One user's factors, as the caller may see them (core checks). */
    static Map<String, Boolean> of(TwoFactorService twoFactor, Caller caller, String email) {
        List<String> installed = twoFactor.installedFactors();
        if (installed.isEmpty()) {
            return null;
        }
        Map<String, Boolean> status = twoFactor.status(caller, email);
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (String name : installed) {
            out.put(name, Boolean.TRUE.equals(status.get(name)));
        }
        return out;
    }

    /**
     * The factors of every user of one page of a list, read with one call for the whole page; the
     * function answers {@code null} for everyone while no factor is installed.
     */
    static Function<User, Map<String, Boolean>> ofPage(TwoFactorService twoFactor, List<User> users) {
        List<String> installed = twoFactor.installedFactors();
        if (installed.isEmpty()) {
            return u -> null;
        }
        Map<String, Set<String>> active = users.isEmpty() ? Map.of()
                : twoFactor.activeFactors(users.stream().map(User::id).toList());
        return u -> {
            Set<String> mine = active.getOrDefault(u.id(), Set.of());
            Map<String, Boolean> out = new LinkedHashMap<>();
            for (String name : installed) {
                out.put(name, mine.contains(name));
            }
            return out;
        };
    }
}
