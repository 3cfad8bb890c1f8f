package io.berth.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages of the manager-to-agent command channel: the answer to
 * {@code GET /agent-api/work} ({@link Work}), the body of {@code POST /agent-api/kernels}
 * ({@link KernelReport}s) and of {@code POST /agent-api/requests/{id}/reply}. All snake_case JSON.
 */
final class WorkProtocol {
    static final String RUN = "run";
    static final String DESTROY = "destroy";
    static final String LOGS = "logs";
    /** Image auto-install rules: pull unless the local image has the order's digest. */
    static final String PULL_DIGEST = "digest";
    /** Pull when no local image has the order's reference (the rule when the order names none). */
    static final String PULL_TAG = "tag";
    /** Never pull. */
    static final String PULL_NONE = "none";

    private WorkProtocol() {
    }

    /** Kernel states the agent reports. */
    enum State {
        PREPARING, RUNNING, EXITED, DESTROYED, FAILED;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One kernel the manager wants running on this agent ({@link #RUN}) or gone ({@link #DESTROY}).
     * {@code command} is run with {@code sh -c}; {@code null} for the image's own command.
     * {@code pull} is the image auto-install rule ({@link #PULL_DIGEST}, {@link #PULL_TAG} or
     * {@link #PULL_NONE}), {@code imageDigest} the digest the manager knows for the image (or
     * {@code null}), {@code registryUsername}/{@code registryPassword} the registry's credentials (or
     * {@code null}). {@link #toString()} never shows the password.
     */
    record Order(String action, String kernelId, String sessionId, int index, String image,
            Map<String, String> slots, Map<String, String> environment, String command, boolean sudo, boolean batch,
            List<String> mounts, String pull, String imageDigest, String registryUsername, String registryPassword) {
        Order {
            slots = slots == null ? Map.of() : Map.copyOf(slots);
            environment = environment == null ? Map.of() : Map.copyOf(environment);
            mounts = mounts == null ? List.of() : List.copyOf(mounts);
            pull = pull == null || pull.isBlank() ? PULL_TAG : pull;
        }

        /** An order with the default auto-install rule ({@link #PULL_TAG}) and no credentials. */
        Order(String action, String kernelId, String sessionId, int index, String image, Map<String, String> slots,
                Map<String, String> environment, String command, boolean sudo, boolean batch, List<String> mounts) {
            this(action, kernelId, sessionId, index, image, slots, environment, command, sudo, batch, mounts, PULL_TAG,
                    null, null, null);
        }

        @Override
        public String toString() {
            return "Order[" + action + " " + kernelId + " of " + sessionId + " #" + index + ", image " + image
                    + ", pull " + pull + (registryPassword == null ? "" : ", with registry credentials") + "]";
        }

        boolean run() {
            return RUN.equals(action);
        }
    }

    /** A question from the manager, answered once with a text body. */
    record Request(String id, String kind, String kernelId, int tailLines) {
    }

    /**
     * The full desired state of the agent at {@code generation} (level-triggered: every kernel to
     * run and every kernel to destroy) and the open requests.
     */
    record Work(long generation, List<Order> orders, List<Request> requests) {
        Work {
            orders = List.copyOf(orders);
            requests = List.copyOf(requests);
        }

        /**
         * @throws IOException when {@code json} is not a work answer (no numeric {@code generation},
         *                     an order without kernel id or with an unknown action)
         */
        static Work parse(String json) throws IOException {
            JsonNode root = AgentState.JSON.readTree(json);
            if (root == null || !root.path("generation").canConvertToLong()) {
                throw new IOException("the work answer has no numeric generation");
            }
            List<Order> orders = new ArrayList<>();
            for (JsonNode o : root.path("orders")) {
                String action = text(o, "action");
                String kernel = text(o, "kernel_id");
                if (kernel == null || kernel.isBlank()) {
                    throw new IOException("an order has no kernel_id");
                }
                if (!RUN.equals(action) && !DESTROY.equals(action)) {
                    throw new IOException("order for kernel " + kernel + " has an unknown action '" + action + "'");
                }
                List<String> mounts = new ArrayList<>();
                for (JsonNode m : o.path("mounts")) {
                    mounts.add(m.isTextual() ? m.textValue() : m.toString());
                }
                orders.add(new Order(action, kernel, text(o, "session_id"), o.path("index").asInt(0),
                        text(o, "image"), strings(o.path("slots")), strings(o.path("environment")),
                        text(o, "command"), o.path("sudo").asBoolean(false), o.path("batch").asBoolean(false),
                        mounts, text(o, "pull"), text(o, "image_digest"), text(o.path("registry_auth"), "username"),
                        text(o.path("registry_auth"), "password")));
            }
            List<Request> requests = new ArrayList<>();
            for (JsonNode r : root.path("requests")) {
                String id = text(r, "id");
                if (id != null && !id.isBlank()) {
                    requests.add(new Request(id, text(r, "kind"), text(r, "kernel_id"),
                            r.path("tail_lines").asInt(0)));
                }
            }
            return new Work(root.get("generation").asLong(), orders, requests);
        }

        private static String text(JsonNode n, String field) {
            JsonNode v = n.get(field);
            return v == null || v.isNull() ? null : v.asText();
        }

        private static Map<String, String> strings(JsonNode n) {
            Map<String, String> out = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
            return out;
        }
    }

    /**
     * What the agent says about one kernel.
     *
     * @param active whether the container used CPU since the previous report
     */
    record KernelReport(String kernelId, State state, String containerId, Integer exitCode, String reason,
            String logTail, boolean active) {

        static KernelReport of(String kernelId, State state) {
            return new KernelReport(kernelId, state, null, null, null, null, false);
        }

        ObjectNode toJson() {
            ObjectNode n = AgentState.JSON.createObjectNode();
            n.put("kernel_id", kernelId);
            n.put("state", state.wire());
            n.put("container_id", containerId);
            n.put("exit_code", exitCode);
            n.put("reason", reason);
            n.put("log_tail", logTail);
            n.put("active", active);
            return n;
        }
    }

    /** The body of {@code POST /agent-api/kernels}. */
    static String reportsJson(String agentId, List<KernelReport> reports) {
        ObjectNode o = AgentState.JSON.createObjectNode();
        o.put("agent_id", agentId);
        ArrayNode list = o.putArray("reports");
        for (KernelReport r : reports) {
            list.add(r.toJson());
        }
        return o.toString();
    }

    /** The body of {@code POST /agent-api/requests/{id}/reply}. */
    static String replyJson(String agentId, String body) {
        return AgentState.JSON.createObjectNode().put("agent_id", agentId).put("body", body).toString();
    }
}
