package io.berth.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Test helpers: resources and configuration proxies. */
final class TestFiles {
    private TestFiles() {
    }

    static String resource(String name) {
        try (InputStream in = TestFiles.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An {@link AgentConfig} with the annotation's defaults, except {@code overrides} (keyed by method name). */
    static AgentConfig config(Map<String, Object> overrides) {
        return (AgentConfig) Proxy.newProxyInstance(AgentConfig.class.getClassLoader(),
                new Class<?>[] {AgentConfig.class}, (proxy, method, args) -> {
                    if (overrides.containsKey(method.getName())) {
                        return overrides.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    return switch (method.getName()) {
                        case "annotationType" -> AgentConfig.class;
                        case "toString" -> "AgentConfig" + overrides;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }
}
