package io.berth.core.agent;

/**
 * A question the manager asks an agent through its work poll and that the agent answers with
 * {@link AgentChannel#reply}: today the last {@code tailLines} lines of a kernel's container output
 * ({@code kind} {@code logs}).
 */
public record AgentRequest(String id, String kind, String kernelId, int tailLines) {
    public static final String LOGS = "logs";
}
