package io.berth.core.testing;

import io.berth.spi.auth.SecondFactor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A second factor with deterministic codes, like TOTP with a time step the test moves by hand: the
 * valid code of a user is {@link #code(String)} for the current {@link #step()}, derived from the
 * factor's code seed (its name unless given), the user and the step: two factors with different seeds
 * practically never share codes, two with the same seed agree at the same step. Within a step a code is
 * accepted once ({@link #verify} refuses replays); {@link #nextStep()} makes the next code valid.
 * Every call is logged in {@link #calls()} (without codes), every code seen in {@link #codesSeen()}.
 */
public final class FakeSecondFactor implements SecondFactor {
    private final String name;
    private final String seed;
    private final Set<String> pending = new HashSet<>();
    private final Set<String> active = new HashSet<>();
    private final Map<String, Set<Long>> usedSteps = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final List<String> codesSeen = new ArrayList<>();
    private long step;
    private int enrolments;
    private RuntimeException enrolRefusal;
    private Runnable onVerify = () -> { };

    public FakeSecondFactor(String name) {
        this(name, name);
    }

    public FakeSecondFactor(String name, String codeSeed) {
        this.name = name;
        this.seed = codeSeed;
    }

    public String name() {
        return name;
    }

    /** The {@link #PROPERTY} service properties naming this factor. */
    public Map<String, Object> properties() {
        return Map.of(PROPERTY, name);
    }

    /** The code valid for the user at the current step: six digits. */
    public synchronized String code(String userId) {
        return code(userId, step);
    }

    private String code(String userId, long atStep) {
        int h = (seed + "|" + userId + "|" + atStep).hashCode();
        return String.format("%06d", Math.floorMod(h, 1_000_000));
    }

    /** A six-digit code that is not the valid one. */
    public synchronized String wrongCode(String userId) {
        String right = code(userId);
        return right.equals("000000") ? "000001" : "000000";
    }

    public synchronized long step() {
        return step;
    }

    public synchronized void nextStep() {
        step++;
    }

    /** Makes the factor active for the user without an enrolment (test set-up). */
    public synchronized void activateFor(String userId) {
        pending.remove(userId);
        active.add(userId);
    }

    /** Makes the next {@link #enrol} throw {@code e} (e.g. the race in which another request activated it). */
    public synchronized void refuseNextEnrolment(RuntimeException e) {
        enrolRefusal = e;
    }

    /** Runs {@code hook} inside every {@link #verify}, before the code is checked (to interleave a test). */
    public synchronized void onVerify(Runnable hook) {
        onVerify = hook;
    }

    public synchronized boolean isPending(String userId) {
        return pending.contains(userId);
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<String> codesSeen() {
        return List.copyOf(codesSeen);
    }

    /** The whole state: pending and active users and the codes used, comparable with equals. */
    public synchronized Object state() {
        Map<String, Set<Long>> used = new HashMap<>();
        usedSteps.forEach((k, v) -> used.put(k, Set.copyOf(v)));
        return List.of(Set.copyOf(pending), Set.copyOf(active), used, step);
    }

    @Override
    public synchronized boolean isActive(String userId) {
        calls.add("isActive " + userId);
        return active.contains(userId);
    }

    @Override
    public synchronized Map<String, String> enrol(Subject subject) {
        calls.add("enrol " + subject.userId());
        if (enrolRefusal != null) {
            RuntimeException e = enrolRefusal;
            enrolRefusal = null;
            throw e;
        }
        if (active.contains(subject.userId())) {
            throw new IllegalStateException(name + " is already active");
        }
        pending.add(subject.userId());
        enrolments++;
        String secret = "SECRET-" + name + "-" + subject.userId() + "-" + enrolments;
        return Map.of("secret", secret, "uri", "otpauth://" + name + "/berth:" + subject.email() + "?secret="
                + secret + "&domain=" + subject.domain());
    }

    @Override
    public synchronized boolean activate(String userId, String code) {
        calls.add("activate " + userId);
        codesSeen.add(code);
        if (!pending.contains(userId) || !code(userId).equals(code)) {
            return false;
        }
        pending.remove(userId);
        active.add(userId);
        return true;
    }

    @Override
    public synchronized boolean verify(String userId, String code) {
        calls.add("verify " + userId);
        codesSeen.add(code);
        onVerify.run();
        if (!active.contains(userId) || !code(userId).equals(code)) {
            return false;
        }
        return usedSteps.computeIfAbsent(userId, k -> new HashSet<>()).add(step);
    }

    @Override
    public synchronized void disable(String userId) {
        calls.add("disable " + userId);
        pending.remove(userId);
        active.remove(userId);
        usedSteps.remove(userId);
    }
}
