package io.berth.agent.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the agent, PID {@code io.berth.agent} ({@code etc/io.berth.agent.cfg}). */
@ObjectClassDefinition(name = "Berth agent",
        description = "Registers this host with the Berth manager, sends heartbeats and runs containers")
public @interface AgentConfig {

    @AttributeDefinition(description = "Whether the agent registers with the manager and sends heartbeats")
    boolean enabled() default true;

    @AttributeDefinition(name = "Manager URL", description = "Base URL of the manager; empty for"
            + " http://127.0.0.1:<BERTH_HTTP_PORT or 8181>")
    String manager_url() default "";

    @AttributeDefinition(description = "The agent token; empty to read ${karaf.data}/agent-token,"
            + " which the manager writes at its first start", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String token() default "";

    @AttributeDefinition(description = "The agent id; empty for i-<hostname>")
    String id() default "";

    @AttributeDefinition(description = "The region the agent reports")
    String region() default "local";

    @AttributeDefinition(name = "Resource group", description = "The resource group the agent joins")
    String resource_group() default "default";

    @AttributeDefinition(name = "Reserved CPU cores", description = "Cores kept for the host, not offered to sessions")
    String reserved_cpu() default "0";

    @AttributeDefinition(name = "Reserved memory", description = "Memory kept for the host, e.g. 512m")
    String reserved_memory() default "512m";

    @AttributeDefinition(description = "Seconds between heartbeats until the manager says otherwise")
    int heartbeat_interval_seconds() default 5;

    @AttributeDefinition(description = "The Docker Engine endpoint")
    String docker_host() default "unix:///var/run/docker.sock";

    @AttributeDefinition(description = "The address the agent reports; empty for the host's first"
            + " non-loopback address, or its hostname")
    String address() default "";
}
