package io.berth.rest.internal;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.berth.rest.api.Public;
import io.berth.spi.resource.Amount;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.ws.rs.Consumes;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;

/**
 * Builds an OpenAPI 3.0 document from the JAX-RS annotations of the resource classes being served, so
 * the document follows every resource a bundle adds or removes and cannot drift from the code.
 * Request and response bodies that are records become component schemas (snake_case properties, or the name
 * a component's {@code @JsonProperty} gives); a {@code @JsonAnyGetter} map component, whose entries are written
 * as members of the record, becomes {@code additionalProperties}. A method returning a {@code Response}
 * documents its entity with {@link Answers}.
 */
final class OpenApiGenerator {
    /** An {@link Amount} as views write it. */
    private static final Map<String, Object> AMOUNT = Map.of("description",
            "an exact number, or \"Infinity\" for unlimited", "oneOf",
            List.of(Map.of("type", "number"), Map.of("type", "string", "enum", List.of("Infinity"))));
    /** An amount as clients may write it ({@link AmountInput}). */
    private static final Map<String, Object> AMOUNT_INPUT = Map.of("description",
            "a number, or text such as \"8g\", \"0.5\" or \"inf\"", "oneOf",
            List.of(Map.of("type", "number"), Map.of("type", "string")));
    /** A byte size as clients may write it ({@link SizeInput}). */
    private static final Map<String, Object> SIZE_INPUT = Map.of("description",
            "a number of bytes, or text such as \"512m\", \"10g\" or \"1.5GiB\"", "oneOf",
            List.of(Map.of("type", "integer", "format", "int64"), Map.of("type", "string")));
    private static final Map<String, Object> BINARY = Map.of("type", "string", "format", "binary");
    /** The security scheme of the agent protocol ({@link AgentAuth}). */
    static final String AGENT_SCHEME = "BerthAgent";

    private final Map<String, Object> schemas = new TreeMap<>();

    static Map<String, Object> document(Collection<Class<?>> resources, String version) {
        return new OpenApiGenerator().build(resources, version);
    }

    private Map<String, Object> build(Collection<Class<?>> resources, String version) {
        Map<String, Object> paths = new TreeMap<>();
        List<Class<?>> sorted = new ArrayList<>(resources);
        sorted.sort(Comparator.comparing(Class::getName));
        for (Class<?> type : sorted) {
            Path base = type.getAnnotation(Path.class);
            if (base == null) {
                continue;
            }
            List<Method> methods = new ArrayList<>(List.of(type.getMethods()));
            methods.sort(Comparator.comparing(Method::getName));
            for (Method m : methods) {
                String verb = httpMethod(m);
                if (verb == null) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                String path = join(base.value(), sub == null ? "" : sub.value());
                @SuppressWarnings("unchecked")
                Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(path, k -> new TreeMap<>());
                item.put(verb.toLowerCase(Locale.ROOT), operation(type, m, verb));
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", "Berth manager API", "version", version, "description",
                "GPU-cluster management. Requests other than the public ones are signed per the Backend.AI "
                        + "HMAC-SHA256 scheme, except the agent protocol (/agent-api), which carries the agent "
                        + "token; errors are RFC 9457 problem+json."));
        doc.put("paths", paths);
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("schemas", schemas);
        components.put("securitySchemes", Map.of("BackendAI", Map.of("type", "apiKey", "in", "header", "name",
                "Authorization", "description",
                "BackendAI signMethod=HMAC-SHA256, credential=<access key>:<signature>, with Date and "
                        + "X-BackendAI-Version headers"),
                AGENT_SCHEME, Map.of("type", "apiKey", "in", "header", "name", "Authorization", "description",
                        "BerthAgent <token>: the agent token shared between the manager and its agents")));
        doc.put("components", components);
        return doc;
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod hm = a.annotationType().getAnnotation(HttpMethod.class);
            if (hm != null) {
                return hm.value();
            }
        }
        return null;
    }

    /**
     * The OpenAPI path of a resource method: slashes normalised and the regular expression of a template
     * ({@code {reference: .+}}) left out, as OpenAPI knows only {@code {reference}}.
     */
    static String join(String a, String b) {
        String p = ("/" + a + "/" + b).replaceAll("\\{\\s*([\\w.-]+)\\s*:[^{}]*(?:\\{[^{}]*\\}[^{}]*)*\\}", "{$1}")
                .replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private Map<String, Object> operation(Class<?> type, Method m, String verb) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operationId", type.getSimpleName().replace("Resource", "") + "_" + m.getName());
        op.put("tags", List.of(type.getSimpleName().replace("Resource", "").toLowerCase(Locale.ROOT)));
        List<Object> params = new ArrayList<>();
        for (Parameter p : m.getParameters()) {
            PathParam pp = p.getAnnotation(PathParam.class);
            QueryParam qp = p.getAnnotation(QueryParam.class);
            HeaderParam hp = p.getAnnotation(HeaderParam.class);
            if (pp != null) {
                params.add(Map.of("name", pp.value(), "in", "path", "required", true, "schema", schema(p.getParameterizedType(), Map.of())));
            } else if (qp != null) {
                params.add(Map.of("name", qp.value(), "in", "query", "required", false, "schema", schema(p.getParameterizedType(), Map.of())));
            } else if (hp != null && "Authorization".equalsIgnoreCase(hp.value())) {
                continue; // OpenAPI ignores such a parameter: the security scheme documents it
            } else if (hp != null) {
                params.add(Map.of("name", hp.value(), "in", "header", "required", false, "schema", schema(p.getParameterizedType(), Map.of())));
            } else if (p.getAnnotation(Context.class) == null) {
                Consumes c = m.getAnnotation(Consumes.class);
                String media = c == null || c.value().length == 0 ? "application/json" : c.value()[0];
                op.put("requestBody", Map.of("required", true, "content",
                        Map.of(media, Map.of("schema", schema(p.getParameterizedType(), Map.of())))));
            }
        }
        if (!params.isEmpty()) {
            op.put("parameters", params);
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        Type ret = m.getGenericReturnType();
        if (ret == Response.class) {
            Answers answers = m.getAnnotation(Answers.class);
            String code = answers != null && answers.status() != 0 ? Integer.toString(answers.status())
                    : "POST".equals(verb) ? "201" : "DELETE".equals(verb) ? "204" : "200";
            if (answers == null) {
                responses.put(code, Map.of("description", "success"));
            } else {
                Map<String, Object> content = new LinkedHashMap<>();
                if (answers.value() != Void.class) {
                    content.put("application/json", Map.of("schema", answers.list()
                            ? schema(new ListOf(answers.value()), Map.of()) : schema(answers.value(), Map.of())));
                }
                for (String media : answers.downloads()) {
                    content.put(media, Map.of("schema", BINARY));
                }
                responses.put(code, Map.of("description", "success", "content", content));
            }
        } else if (ret == StreamingOutput.class) {
            Produces produces = m.getAnnotation(Produces.class) == null ? type.getAnnotation(Produces.class)
                    : m.getAnnotation(Produces.class);
            Map<String, Object> content = new LinkedHashMap<>();
            for (String media : produces == null ? new String[] {"application/octet-stream"} : produces.value()) {
                content.put(media, Map.of("schema", BINARY));
            }
            responses.put("200", Map.of("description", "success", "content", content));
        } else if (ret == void.class) {
            responses.put("204", Map.of("description", "success"));
        } else if (ret == String.class && text(m, type) != null) {
            responses.put("200", Map.of("description", "success", "content",
                    Map.of(text(m, type), Map.of("schema", Map.of("type", "string")))));
        } else {
            responses.put("200", Map.of("description", "success", "content",
                    Map.of("application/json", Map.of("schema", schema(ret, Map.of())))));
        }
        responses.put("default", Map.of("description", "RFC 9457 problem", "content",
                Map.of("application/problem+json", Map.of("schema", problemSchema()))));
        op.put("responses", responses);
        boolean isPublic = m.isAnnotationPresent(Public.class) || type.isAnnotationPresent(Public.class);
        boolean agent = m.isAnnotationPresent(AgentAuth.class) || type.isAnnotationPresent(AgentAuth.class);
        op.put("security", agent ? List.of(Map.of(AGENT_SCHEME, List.of()))
                : isPublic ? List.of() : List.of(Map.of("BackendAI", List.of())));
        return op;
    }

    /** The text media type a method answers ({@code text/plain;charset=utf-8}), or null. */
    private static String text(Method m, Class<?> type) {
        Produces produces = m.getAnnotation(Produces.class) == null ? type.getAnnotation(Produces.class)
                : m.getAnnotation(Produces.class);
        if (produces == null || produces.value().length == 0 || !produces.value()[0].startsWith("text/")) {
            return null;
        }
        return produces.value()[0];
    }

    private Map<String, Object> problemSchema() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("type", Map.of("type", "string", "format", "uri"));
        props.put("title", Map.of("type", "string"));
        props.put("status", Map.of("type", "integer"));
        props.put("detail", Map.of("type", "string"));
        props.put("field", Map.of("type", "string"));
        // the extension members core's exceptions add (BerthException.extensions())
        props.put("referrers", Map.of("type", "array", "items", Map.of("type", "string"), "description",
                "what still refers to the object (a sample; see referrer_count)"));
        props.put("referrer_count", Map.of("type", "integer", "format", "int64"));
        schemas.putIfAbsent("Problem", Map.of("type", "object", "properties", props));
        return Map.of("$ref", "#/components/schemas/Problem");
    }

    /** The list envelope {@link Views.PageView} of {@code T}, as a type for {@link #schema}. */
    private record ListOf(Type item) implements ParameterizedType {
        @Override
        public Type[] getActualTypeArguments() {
            return new Type[] {item};
        }

        @Override
        public Type getRawType() {
            return Views.PageView.class;
        }

        @Override
        public Type getOwnerType() {
            return Views.class;
        }
    }

    private Map<String, Object> schema(Type t, Map<TypeVariable<?>, Type> bindings) {
        if (t instanceof TypeVariable<?> v) {
            Type bound = bindings.get(v);
            return bound == null ? Map.of("type", "object") : schema(bound, bindings);
        }
        if (t instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            Type[] args = pt.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", schema(args[0], bindings));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return Map.of("type", "object", "additionalProperties", schema(args[1], bindings));
            }
            if (raw.isRecord()) {
                Map<TypeVariable<?>, Type> inner = new HashMap<>(bindings);
                TypeVariable<?>[] vars = raw.getTypeParameters();
                for (int i = 0; i < vars.length; i++) {
                    inner.put(vars[i], args[i]);
                }
                return recordSchema(raw, inner);
            }
            return schema(raw, bindings);
        }
        Class<?> c = (Class<?>) t;
        if (java.io.InputStream.class.isAssignableFrom(c)) {
            return BINARY;
        }
        if (c == String.class) {
            return Map.of("type", "string");
        }
        if (c == boolean.class || c == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (c == int.class || c == Integer.class) {
            return Map.of("type", "integer", "format", "int32");
        }
        if (c == long.class || c == Long.class) {
            return Map.of("type", "integer", "format", "int64");
        }
        if (c == double.class || c == Double.class || c == java.math.BigDecimal.class) {
            return Map.of("type", "number");
        }
        if (c == Amount.class) {
            return AMOUNT;
        }
        if (c.isRecord()) {
            String name = c.getSimpleName();
            if (!schemas.containsKey(name)) {
                schemas.put(name, Map.of());
                schemas.put(name, recordSchema(c, bindings));
            }
            return Map.of("$ref", "#/components/schemas/" + name);
        }
        return Map.of("type", "object");
    }

    private Map<String, Object> recordSchema(Class<?> c, Map<TypeVariable<?>, Type> bindings) {
        Map<String, Object> props = new LinkedHashMap<>();
        Map<String, Object> additional = null;
        for (RecordComponent rc : c.getRecordComponents()) {
            if (rc.getAccessor().isAnnotationPresent(JsonAnyGetter.class)) {
                Type t = rc.getGenericType();
                additional = t instanceof ParameterizedType pt && pt.getActualTypeArguments().length == 2
                        ? schema(pt.getActualTypeArguments()[1], bindings) : Map.of();
                continue;
            }
            JsonProperty named = rc.getAccessor().getAnnotation(JsonProperty.class);
            String name = named != null && !named.value().isEmpty() ? named.value() : snake(rc.getName());
            Map<String, Object> s;
            if (rc.isAnnotationPresent(AmountInput.class)) {
                s = Map.class.isAssignableFrom(rc.getType())
                        ? Map.of("type", "object", "additionalProperties", AMOUNT_INPUT) : AMOUNT_INPUT;
            } else if (rc.isAnnotationPresent(SizeInput.class)) {
                s = SIZE_INPUT;
            } else {
                s = schema(rc.getGenericType(), bindings);
            }
            props.put(name, s);
        }
        return additional == null ? Map.of("type", "object", "properties", props)
                : Map.of("type", "object", "properties", props, "additionalProperties", additional);
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
