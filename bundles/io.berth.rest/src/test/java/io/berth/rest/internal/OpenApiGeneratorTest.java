package io.berth.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document follows the JAX-RS annotations and the wire form of the records. */
class OpenApiGeneratorTest {
    private static Map<String, Object> doc;
    /** The document as clients see it: serialized by the application's mapper. */
    private static JsonNode json;

    @BeforeAll
    static void generate() {
        doc = OpenApiGenerator.document(List.of(UserResource.class, KeyPairResource.class, PublicResource.class), "1");
        json = JsonConfig.MAPPER.valueToTree(doc);
    }

    private static JsonNode op(String path, String method) {
        JsonNode o = json.path("paths").path(path).path(method);
        assertFalse(o.isMissingNode(), () -> method + " " + path + " missing; paths: " + names(json.path("paths")));
        return o;
    }

    private static Set<String> names(JsonNode n) {
        Set<String> out = new LinkedHashSet<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void header() {
        assertEquals("3.0.3", json.path("openapi").asText());
        assertEquals("1", json.path("info").path("version").asText());
        assertEquals("Authorization",
                json.path("components").path("securitySchemes").path("BackendAI").path("name").asText());
    }

    @Test
    void pathsCarryTheirMethods() {
        assertEquals(Set.of("get", "post"), names(json.path("paths").path("/admin/users")));
        assertEquals(Set.of("get", "patch"), names(json.path("paths").path("/admin/users/{email}")));
        assertEquals(Set.of("post"), names(json.path("paths").path("/admin/users/{email}/deactivate")));
        assertEquals(Set.of("post"), names(json.path("paths").path("/admin/users/{email}/activate")));
        assertEquals(Set.of("get", "post"), names(json.path("paths").path("/admin/keypairs")));
        assertEquals(Set.of("get", "patch", "delete"), names(json.path("paths").path("/admin/keypairs/{accessKey}")));
        assertEquals(Set.of("get"), names(json.path("paths").path("/")));
        assertEquals(Set.of("get"), names(json.path("paths").path("/healthz")));
        assertEquals(Set.of("post"), names(json.path("paths").path("/auth/authorize")));
        assertEquals(Set.of("delete"), names(json.path("paths").path("/admin/users/{email}/2fa/{factor}")),
                "an administrator only disables another user's second factor");
        assertFalse(json.path("paths").has("/admin/users/"), "no trailing slashes");
        assertEquals(12, json.path("paths").size(), () -> names(json.path("paths")).toString());
    }

    @Test
    void operationIdsAreUnique() {
        Set<String> ids = new HashSet<>();
        List<String> all = new ArrayList<>();
        for (Iterator<JsonNode> paths = json.path("paths").elements(); paths.hasNext();) {
            for (Iterator<JsonNode> ops = paths.next().elements(); ops.hasNext();) {
                String id = ops.next().path("operationId").asText();
                all.add(id);
                assertTrue(ids.add(id), () -> "duplicate operationId " + id);
            }
        }
        assertTrue(all.contains("User_list") && all.contains("KeyPair_delete") && all.contains("Public_authorize"),
                all::toString);
    }

    @Test
    void parameters() {
        JsonNode params = op("/admin/users/{email}", "get").path("parameters");
        assertEquals(1, params.size(), params::toString);
        assertEquals("email", params.get(0).path("name").asText());
        assertEquals("path", params.get(0).path("in").asText());
        assertTrue(params.get(0).path("required").asBoolean());
        assertEquals("string", params.get(0).path("schema").path("type").asText());

        Set<String> query = new HashSet<>();
        for (JsonNode p : op("/admin/users", "get").path("parameters")) {
            assertEquals("query", p.path("in").asText());
            assertFalse(p.path("required").asBoolean(true));
            query.add(p.path("name").asText());
        }
        assertEquals(Set.of("email", "username", "access_key", "status", "domain", "offset", "limit", "order_by",
                "order"), query, "the @Context request is not a parameter");
        assertFalse(op("/admin/users", "get").has("requestBody"), "a GET has no body");
    }

    @Test
    void createUserBodyIsTheSnakeCaseRecordSchema() {
        JsonNode body = op("/admin/users", "post").path("requestBody");
        assertTrue(body.path("required").asBoolean());
        assertEquals("#/components/schemas/CreateUser",
                body.path("content").path("application/json").path("schema").path("$ref").asText());
        JsonNode schema = json.path("components").path("schemas").path("CreateUser");
        assertEquals("object", schema.path("type").asText());
        JsonNode props = schema.path("properties");
        assertEquals(List.of("email", "username", "password", "full_name", "description", "domain_name", "role",
                "status", "need_password_change", "sudo_session_enabled", "projects", "resource_policy"),
                new ArrayList<>(names(props)));
        assertEquals("string", props.path("full_name").path("type").asText());
        assertEquals("boolean", props.path("need_password_change").path("type").asText());
        assertEquals("array", props.path("projects").path("type").asText());
        assertEquals("string", props.path("projects").path("items").path("type").asText());
    }

    @Test
    void pageOfUsersResolvesItemsToTheUserViewRef() {
        JsonNode schema = op("/admin/users", "get").path("responses").path("200").path("content")
                .path("application/json").path("schema");
        JsonNode props = schema.path("properties");
        assertEquals("array", props.path("items").path("type").asText(), schema::toString);
        assertEquals("#/components/schemas/UserView", props.path("items").path("items").path("$ref").asText(),
                schema::toString);
        assertEquals("int64", props.path("total").path("format").asText());
        assertEquals("int32", props.path("limit").path("format").asText());
        JsonNode userView = json.path("components").path("schemas").path("UserView").path("properties");
        assertTrue(userView.has("full_name") && userView.has("main_access_key") && userView.has("need_password_change"),
                userView::toString);

        JsonNode keypairs = op("/admin/keypairs", "get").path("responses").path("200").path("content")
                .path("application/json").path("schema").path("properties").path("items").path("items");
        assertEquals("#/components/schemas/KeyPairView", keypairs.path("$ref").asText(),
                "each PageView<T> binds its own T");
    }

    @Test
    void responses() {
        assertTrue(op("/admin/users", "post").path("responses").has("201"), "a POST answering a Response creates");
        assertTrue(op("/admin/keypairs/{accessKey}", "delete").path("responses").has("204"));
        JsonNode get = op("/admin/users/{email}", "get").path("responses");
        assertEquals("#/components/schemas/UserDetailView",
                get.path("200").path("content").path("application/json").path("schema").path("$ref").asText());
        assertEquals("#/components/schemas/Problem", get.path("default").path("content")
                .path("application/problem+json").path("schema").path("$ref").asText());
        JsonNode detail = json.path("components").path("schemas").path("UserDetailView").path("properties");
        assertEquals("#/components/schemas/DomainView", detail.path("domain").path("$ref").asText());
        assertEquals("#/components/schemas/KeyPairView", detail.path("keypairs").path("items").path("$ref").asText());
        assertTrue(json.path("components").path("schemas").path("Problem").path("properties").has("field"));
    }

    @Test
    void publicOperationsHaveEmptySecurityOthersTheBackendAiScheme() {
        for (String[] pub : new String[][] {{"/", "get"}, {"/healthz", "get"}, {"/auth/authorize", "post"}}) {
            JsonNode sec = op(pub[0], pub[1]).path("security");
            assertTrue(sec.isArray() && sec.isEmpty(), () -> pub[0] + " " + sec);
        }
        for (String[] prot : new String[][] {{"/admin/users", "get"}, {"/admin/users", "post"},
                {"/admin/users/{email}", "patch"}, {"/admin/keypairs/{accessKey}", "delete"}}) {
            JsonNode sec = op(prot[0], prot[1]).path("security");
            assertEquals(1, sec.size(), () -> prot[0] + " " + sec);
            assertTrue(sec.get(0).has("BackendAI"), () -> prot[0] + " " + sec);
        }
    }

    /** The generator's own snake_case must agree with what Jackson actually reads and writes. */
    @Test
    void recordSchemasMatchTheJacksonWireNames() {
        JsonNode schemas = json.path("components").path("schemas");
        List<Class<?>> records = Stream.concat(Stream.of(Requests.class.getDeclaredClasses()),
                Stream.of(Views.class.getDeclaredClasses())).filter(Class::isRecord).toList();
        int checked = 0;
        for (Class<?> c : records) {
            JsonNode schema = schemas.path(c.getSimpleName());
            if (schema.isMissingNode()) {
                continue;
            }
            BeanDescription d = JsonConfig.MAPPER.getSerializationConfig()
                    .introspect(JsonConfig.MAPPER.constructType(c));
            Set<String> jackson = wireNames(d);
            assertEquals(jackson, names(schema.path("properties")), c.getSimpleName());
            checked++;
        }
        assertTrue(checked >= 6, "schemas checked: " + checked);
    }

    /**
     * The named members Jackson writes; a {@code @JsonAnyGetter} map is not one (its entries are written as
     * members of their own, documented as {@code additionalProperties}).
     */
    private static Set<String> wireNames(BeanDescription d) {
        Set<String> jackson = new HashSet<>();
        for (BeanPropertyDefinition p : d.findProperties()) {
            if (p.getGetter() != null && p.getGetter().hasAnnotation(JsonAnyGetter.class)) {
                continue;
            }
            jackson.add(p.getName());
        }
        return jackson;
    }

    @Test
    void theDocumentIsStableAndSerializable() throws Exception {
        Map<String, Object> again = OpenApiGenerator.document(
                List.of(PublicResource.class, KeyPairResource.class, UserResource.class), "1");
        assertEquals(JsonConfig.MAPPER.writeValueAsString(doc), JsonConfig.MAPPER.writeValueAsString(again),
                "the order resources are given in does not matter");
        assertNotNull(JsonConfig.MAPPER.readTree(JsonConfig.MAPPER.writeValueAsString(doc)));
    }

    @Test
    void classesWithoutPathAreSkipped() {
        Map<String, Object> d = OpenApiGenerator.document(List.of(String.class, PublicResource.class), "1");
        JsonNode n = JsonConfig.MAPPER.valueToTree(d);
        assertEquals(Set.of("/", "/healthz", "/auth/authorize"), names(n.path("paths")));
    }

    // ---- the resources of the resource model ----

    static final List<Class<?>> ALL = List.of(UserResource.class, KeyPairResource.class, PublicResource.class,
            DomainResource.class, ProjectResource.class, ResourcePolicyResource.class, ResourcePresetResource.class,
            ResourceSlotResource.class, SettingsResource.class, InformationResource.class, MeResource.class,
            TwoFactorResource.class, AgentProtocolResource.class, AgentResource.class, ResourceGroupResource.class,
            MyResourceGroupResource.class, SessionResource.class, PresetCheckResource.class,
            MaintenanceResource.class, RegistryResource.class, RescanResource.class, ImageResource.class,
            VolumeResource.class, FolderResource.class, ModelStoreResource.class);

    private static JsonNode full() {
        return JsonConfig.MAPPER.valueToTree(OpenApiGenerator.document(ALL, "1"));
    }

    @Test
    void everyNewPathIsDocumented() {
        JsonNode paths = full().path("paths");
        String base = "/admin/resource-policies/";
        for (String kind : List.of("keypair", "user", "project")) {
            assertEquals(Set.of("get", "post"), names(paths.path(base + kind)), kind);
            assertEquals(Set.of("get", "patch", "delete"), names(paths.path(base + kind + "/{name}")), kind);
        }
        assertFalse(paths.has(base + "{kind}"), "the fallback for unknown kinds is not an operation");
        assertEquals(Set.of("get", "post"), names(paths.path("/admin/resource-presets")));
        assertEquals(Set.of("get", "patch", "delete"), names(paths.path("/admin/resource-presets/{name}")));
        assertEquals(Set.of("get"), names(paths.path("/admin/resource-slots")));
        assertEquals(Set.of("get", "patch"), names(paths.path("/admin/settings")));
        assertEquals(Set.of("get"), names(paths.path("/admin/settings/history")));
        assertEquals(Set.of("get"), names(paths.path("/admin/info")));
        for (String path : List.of(base + "keypair", "/admin/resource-slots", "/admin/info", "/admin/settings")) {
            JsonNode sec = paths.path(path).path("get").path("security");
            assertTrue(sec.get(0).has("BackendAI"), () -> path + " must be signed: " + sec);
        }
    }

    @Test
    void theListAndItsDownloadsAreDocumented() {
        JsonNode doc = full();
        JsonNode get = doc.path("paths").path("/admin/resource-policies/keypair").path("get");
        JsonNode content = get.path("responses").path("200").path("content");
        assertEquals(Set.of("application/json", "text/csv;charset=utf-8"), names(content));
        JsonNode list = content.path("application/json").path("schema").path("properties");
        assertEquals("#/components/schemas/KeyPairPolicyView", list.path("items").path("items").path("$ref").asText(),
                content::toString);
        assertEquals("int64", list.path("total").path("format").asText());
        assertEquals("binary", content.path("text/csv;charset=utf-8").path("schema").path("format").asText());
        boolean download = false;
        for (JsonNode p : get.path("parameters")) {
            download |= "download".equals(p.path("name").asText()) && "query".equals(p.path("in").asText());
        }
        assertTrue(download, get::toString);
        JsonNode created = doc.path("paths").path("/admin/resource-policies/user").path("post").path("responses")
                .path("201");
        assertEquals("#/components/schemas/UserPolicyView",
                created.path("content").path("application/json").path("schema").path("$ref").asText(),
                created::toString);
        assertTrue(doc.path("paths").path("/admin/resource-presets/{name}").path("delete").path("responses")
                .has("204"));
    }

    @Test
    void amountsAreNumberOrInfinityAndInputsNumberOrText() {
        JsonNode schemas = full().path("components").path("schemas");
        JsonNode count = schemas.path("KeyPairPolicyView").path("properties").path("max_pending_session_count");
        assertEquals("number", count.path("oneOf").path(0).path("type").asText(), count::toString);
        assertEquals("Infinity", count.path("oneOf").path(1).path("enum").path(0).asText(), count::toString);
        JsonNode slots = schemas.path("KeyPairPolicyView").path("properties").path("total_resource_slots");
        assertEquals("string", slots.path("additionalProperties").path("type").asText(), slots::toString);

        JsonNode body = schemas.path("KeyPairPolicyBody").path("properties");
        JsonNode in = body.path("max_pending_session_count");
        assertEquals(List.of("number", "string"), List.of(in.path("oneOf").path(0).path("type").asText(),
                in.path("oneOf").path(1).path("type").asText()), in::toString);
        JsonNode inSlots = body.path("total_resource_slots");
        assertEquals("object", inSlots.path("type").asText());
        assertEquals("string", inSlots.path("additionalProperties").path("oneOf").path(1).path("type").asText(),
                inSlots::toString);
        assertEquals("integer", body.path("max_concurrent_sessions").path("type").asText());
        JsonNode domain = schemas.path("CreateDomain").path("properties").path("total_resource_slots");
        assertEquals("number", domain.path("additionalProperties").path("oneOf").path(0).path("type").asText());
        assertEquals("integer", schemas.path("ResourcePresetView").path("properties").path("shared_memory")
                .path("type").asText());
    }

    @Test
    void secondFactorPathsAreDocumentedAndSigned() {
        JsonNode doc = full();
        JsonNode paths = doc.path("paths");
        assertEquals(Set.of("get"), names(paths.path("/me/2fa")));
        assertEquals(Set.of("post", "delete"), names(paths.path("/me/2fa/{factor}")));
        assertEquals(Set.of("post"), names(paths.path("/me/2fa/{factor}/activate")));
        assertEquals(Set.of("delete"), names(paths.path("/admin/users/{email}/2fa/{factor}")));
        assertEquals(Set.of("get"), names(paths.path("/me")), "/me stays its own path next to /me/2fa");
        for (String[] op : new String[][] {{"/me/2fa", "get"}, {"/me/2fa/{factor}", "post"},
                {"/me/2fa/{factor}", "delete"}, {"/me/2fa/{factor}/activate", "post"},
                {"/admin/users/{email}/2fa/{factor}", "delete"}}) {
            JsonNode sec = paths.path(op[0]).path(op[1]).path("security");
            assertTrue(sec.size() == 1 && sec.get(0).has("BackendAI"), () -> op[0] + " must be signed: " + sec);
        }
        JsonNode schemas = doc.path("components").path("schemas");
        JsonNode status = paths.path("/me/2fa").path("get").path("responses").path("200").path("content")
                .path("application/json").path("schema");
        assertEquals("#/components/schemas/SecondFactorsView", status.path("$ref").asText(), status::toString);
        assertEquals("boolean", schemas.path("SecondFactorsView").path("properties").path("factors")
                .path("additionalProperties").path("type").asText());

        JsonNode enrol = paths.path("/me/2fa/{factor}").path("post");
        assertFalse(enrol.has("requestBody"), "enrolment has no body");
        assertEquals("#/components/schemas/EnrolmentView", enrol.path("responses").path("201").path("content")
                .path("application/json").path("schema").path("$ref").asText(), enrol::toString);
        JsonNode enrolment = schemas.path("EnrolmentView");
        assertEquals(Set.of("factor"), names(enrolment.path("properties")), enrolment::toString);
        assertEquals("string", enrolment.path("additionalProperties").path("type").asText(),
                "the factor's own entries (secret, uri, ...) are further string members");

        JsonNode activate = paths.path("/me/2fa/{factor}/activate").path("post");
        assertEquals("#/components/schemas/ActivateFactor", activate.path("requestBody").path("content")
                .path("application/json").path("schema").path("$ref").asText(), activate::toString);
        assertEquals("string", schemas.path("ActivateFactor").path("properties").path("code").path("type").asText());
        assertEquals("#/components/schemas/ActivatedFactorView", activate.path("responses").path("200")
                .path("content").path("application/json").path("schema").path("$ref").asText());
        assertTrue(paths.path("/me/2fa/{factor}").path("delete").path("responses").has("204"));
        assertTrue(paths.path("/admin/users/{email}/2fa/{factor}").path("delete").path("responses").has("204"));

        for (String view : List.of("UserView", "UserDetailView")) {
            JsonNode f = schemas.path(view).path("properties").path("second_factors");
            assertEquals("boolean", f.path("additionalProperties").path("type").asText(), () -> view + ": " + f);
        }
    }

    @Test
    void agentAndResourceGroupPathsAreDocumented() {
        JsonNode doc = full();
        JsonNode paths = doc.path("paths");
        for (String p : List.of("/agent-api/register", "/agent-api/heartbeat", "/agent-api/goodbye")) {
            assertEquals(Set.of("post"), names(paths.path(p)), p);
            JsonNode op = paths.path(p).path("post");
            JsonNode sec = op.path("security");
            assertTrue(sec.size() == 1 && sec.get(0).has("BerthAgent"), () -> p + " carries the agent token: " + sec);
            assertFalse(op.has("parameters"), () -> p + ": Authorization is the security scheme, not a parameter");
        }
        JsonNode scheme = doc.path("components").path("securitySchemes").path("BerthAgent");
        assertEquals("Authorization", scheme.path("name").asText(), scheme::toString);
        JsonNode register = paths.path("/agent-api/register").path("post");
        assertEquals("#/components/schemas/AgentReportBody", register.path("requestBody").path("content")
                .path("application/json").path("schema").path("$ref").asText());
        assertEquals("#/components/schemas/AgentRegisteredView", register.path("responses").path("200")
                .path("content").path("application/json").path("schema").path("$ref").asText());
        assertTrue(paths.path("/agent-api/goodbye").path("post").path("responses").has("204"),
                "goodbye answers 204, not 201");

        assertEquals(Set.of("get"), names(paths.path("/admin/agents")));
        assertEquals(Set.of("get", "patch"), names(paths.path("/admin/agents/{id}")));
        Set<String> query = new HashSet<>();
        paths.path("/admin/agents").path("get").path("parameters").forEach(q -> query.add(q.path("name").asText()));
        assertEquals(Set.of("status", "resource_group", "offset", "limit", "order_by", "order"), query);
        assertEquals(Set.of("get", "post"), names(paths.path("/admin/resource-groups")));
        assertEquals(Set.of("get", "patch", "delete"), names(paths.path("/admin/resource-groups/{name}")));
        assertEquals(Set.of("get"), names(paths.path("/admin/resource-groups/{name}/associations")));
        for (String kind : List.of("domains/{domain}", "projects/{projectId}", "keypairs/{accessKey}")) {
            JsonNode item = paths.path("/admin/resource-groups/{name}/" + kind);
            assertEquals(Set.of("put", "delete"), names(item), kind);
            assertTrue(item.path("put").path("responses").has("204"), kind);
            assertTrue(item.path("delete").path("responses").has("204"), kind);
        }
        assertEquals(Set.of("get"), names(paths.path("/me/resource-groups")));
        for (String p : List.of("/admin/agents", "/admin/resource-groups", "/me/resource-groups")) {
            JsonNode sec = paths.path(p).path("get").path("security");
            assertTrue(sec.size() == 1 && sec.get(0).has("BackendAI"), () -> p + " must be signed: " + sec);
        }

        JsonNode schemas = doc.path("components").path("schemas");
        JsonNode body = schemas.path("AgentReportBody").path("properties");
        assertEquals("string", body.path("available_slots").path("additionalProperties").path("oneOf").path(1)
                .path("type").asText(), body::toString);
        assertEquals("#/components/schemas/DeviceBody", body.path("devices").path("items").path("$ref").asText());
        assertEquals("number", body.path("cpu_percent").path("type").asText());
        assertEquals("array", body.path("images").path("type").asText(), body::toString);
        assertEquals("string", body.path("images").path("items").path("type").asText());
        JsonNode order = schemas.path("KernelOrderView").path("properties");
        assertEquals("string", order.path("pull").path("type").asText(), order::toString);
        assertEquals("string", order.path("image_digest").path("type").asText());
        String auth = order.path("registry_auth").path("$ref").asText();
        if (auth.isEmpty()) {
            auth = order.path("registry_auth").path("oneOf").path(0).path("$ref").asText();
        }
        assertEquals("#/components/schemas/RegistryAuthView", auth, order::toString);
        assertEquals(Set.of("username", "password"), names(schemas.path("RegistryAuthView").path("properties")));
        JsonNode agent = schemas.path("AgentView").path("properties");
        assertEquals("string", agent.path("occupied_slots").path("additionalProperties").path("type").asText());
        assertEquals("#/components/schemas/DeviceView", agent.path("devices").path("items").path("$ref").asText());
        JsonNode group = schemas.path("ResourceGroupBody").path("properties");
        assertEquals("#/components/schemas/SchedulerOptionsBody", group.path("scheduler_options").path("$ref")
                .asText());
        assertEquals("#/components/schemas/SchedulerOptionsView", schemas.path("ResourceGroupView")
                .path("properties").path("scheduler_options").path("$ref").asText());
    }

    @Test
    void sessionPathsAreDocumented() {
        JsonNode doc = full();
        JsonNode paths = doc.path("paths");
        assertEquals(Set.of("get", "post"), names(paths.path("/sessions")));
        assertEquals(Set.of("get", "delete"), names(paths.path("/sessions/{id}")));
        assertEquals(Set.of("get"), names(paths.path("/sessions/{id}/logs")));
        assertEquals(Set.of("get"), names(paths.path("/resource-presets/check")));
        assertEquals(Set.of("post"), names(paths.path("/admin/maintenance/recalculate-usage")));
        for (String[] op : new String[][] {{"/sessions", "get"}, {"/sessions", "post"}, {"/sessions/{id}", "get"},
                {"/sessions/{id}", "delete"}, {"/sessions/{id}/logs", "get"}, {"/resource-presets/check", "get"},
                {"/admin/maintenance/recalculate-usage", "post"}}) {
            JsonNode sec = paths.path(op[0]).path(op[1]).path("security");
            assertTrue(sec.size() == 1 && sec.get(0).has("BackendAI"), () -> op[0] + " must be signed: " + sec);
        }

        JsonNode list = paths.path("/sessions").path("get");
        Set<String> query = new HashSet<>();
        list.path("parameters").forEach(q -> query.add(q.path("name").asText()));
        assertEquals(Set.of("status", "access_key", "owner", "project", "domain", "resource_group", "agent", "type",
                "name", "created_from", "created_to", "offset", "limit", "order_by", "order", "download"), query);
        for (JsonNode q : list.path("parameters")) {
            if ("status".equals(q.path("name").asText())) {
                assertEquals("array", q.path("schema").path("type").asText(), "status may be repeated");
            }
        }
        JsonNode content = list.path("responses").path("200").path("content");
        assertEquals(Set.of("application/json", "text/csv;charset=utf-8"), names(content),
                "the CSV export is GET /sessions?download=csv");
        assertEquals("#/components/schemas/SessionView", content.path("application/json").path("schema")
                .path("properties").path("items").path("items").path("$ref").asText());
        assertEquals("binary", content.path("text/csv;charset=utf-8").path("schema").path("format").asText());

        JsonNode create = paths.path("/sessions").path("post");
        assertEquals("#/components/schemas/SessionBody", create.path("requestBody").path("content")
                .path("application/json").path("schema").path("$ref").asText());
        assertEquals("#/components/schemas/SessionView", create.path("responses").path("201").path("content")
                .path("application/json").path("schema").path("$ref").asText());
        assertEquals("#/components/schemas/SessionDetailView", paths.path("/sessions/{id}").path("get")
                .path("responses").path("200").path("content").path("application/json").path("schema").path("$ref")
                .asText());
        JsonNode logs = paths.path("/sessions/{id}/logs").path("get").path("responses").path("200").path("content");
        assertEquals(Set.of("text/plain;charset=utf-8"), names(logs), logs::toString);
        assertEquals("string", logs.path("text/plain;charset=utf-8").path("schema").path("type").asText());
        assertEquals("#/components/schemas/UsageRecalculationView", paths
                .path("/admin/maintenance/recalculate-usage").path("post").path("responses").path("200")
                .path("content").path("application/json").path("schema").path("$ref").asText());

        JsonNode schemas = doc.path("components").path("schemas");
        JsonNode body = schemas.path("SessionBody").path("properties");
        assertEquals("string", body.path("resources").path("additionalProperties").path("oneOf").path(1)
                .path("type").asText(), body::toString);
        assertEquals("string", body.path("environment").path("additionalProperties").path("type").asText());
        assertEquals("array", body.path("dependencies").path("type").asText());
        JsonNode detail = schemas.path("SessionDetailView").path("properties");
        assertEquals("#/components/schemas/KernelView", detail.path("kernels").path("items").path("$ref").asText());
        assertEquals("#/components/schemas/StatusChangeView", detail.path("history").path("items").path("$ref")
                .asText());
        assertEquals("#/components/schemas/PresetAvailabilityView", schemas.path("PresetCheckView")
                .path("properties").path("presets").path("items").path("$ref").asText());
    }

    @Test
    void registryRescanAndImagePathsAreDocumented() {
        JsonNode doc = full();
        JsonNode paths = doc.path("paths");
        assertEquals(Set.of("get", "post"), names(paths.path("/admin/registries")));
        assertEquals(Set.of("get", "patch", "delete"), names(paths.path("/admin/registries/{hostname}")));
        assertEquals(Set.of("post"), names(paths.path("/admin/registries/rescan")));
        assertEquals(Set.of("post"), names(paths.path("/admin/registries/{hostname}/rescan")));
        assertEquals(Set.of("get"), names(paths.path("/admin/rescans")));
        assertEquals(Set.of("get"), names(paths.path("/admin/rescans/{id}")));
        assertEquals(Set.of("get"), names(paths.path("/images")));
        assertEquals(Set.of("get", "patch", "delete"), names(paths.path("/images/{reference}")),
                "the path's regular expression is not part of the OpenAPI path: " + names(paths));
        assertTrue(names(paths).stream().noneMatch(p -> p.contains(":")), () -> names(paths).toString());
        JsonNode ref = paths.path("/images/{reference}").path("get").path("parameters").path(0);
        assertEquals("reference", ref.path("name").asText(), ref::toString);
        assertEquals("path", ref.path("in").asText());

        for (String p : List.of("/admin/registries/rescan", "/admin/registries/{hostname}/rescan")) {
            JsonNode responses = paths.path(p).path("post").path("responses");
            assertEquals(Set.of("202", "default"), names(responses), p);
            assertEquals("#/components/schemas/RescanTaskView", responses.path("202").path("content")
                    .path("application/json").path("schema").path("$ref").asText(), p);
            assertFalse(paths.path(p).path("post").has("requestBody"), p);
        }
        assertEquals("#/components/schemas/RegistryView", paths.path("/admin/registries").path("post")
                .path("responses").path("201").path("content").path("application/json").path("schema").path("$ref")
                .asText());
        assertEquals("#/components/schemas/RegistryBody", paths.path("/admin/registries").path("post")
                .path("requestBody").path("content").path("application/json").path("schema").path("$ref").asText());
        assertTrue(paths.path("/admin/registries/{hostname}").path("delete").path("responses").has("204"));
        assertTrue(paths.path("/images/{reference}").path("delete").path("responses").has("204"));
        assertEquals("#/components/schemas/ImageBody", paths.path("/images/{reference}").path("patch")
                .path("requestBody").path("content").path("application/json").path("schema").path("$ref").asText());
        Set<String> query = new HashSet<>();
        paths.path("/images").path("get").path("parameters").forEach(q -> query.add(q.path("name").asText()));
        assertEquals(Set.of("registry", "name", "architecture", "offset", "limit", "order_by", "order"), query);
        assertEquals("#/components/schemas/ImageView", paths.path("/images").path("get").path("responses")
                .path("200").path("content").path("application/json").path("schema").path("properties")
                .path("items").path("items").path("$ref").asText());
        assertEquals("#/components/schemas/RescanTaskView", paths.path("/admin/rescans").path("get")
                .path("responses").path("200").path("content").path("application/json").path("schema")
                .path("properties").path("items").path("items").path("$ref").asText());

        JsonNode schemas = doc.path("components").path("schemas");
        JsonNode registry = schemas.path("RegistryView").path("properties");
        assertEquals(List.of("hostname", "url", "type", "project", "username", "has_password", "ssl_verify",
                "created_at", "modified_at"), new ArrayList<>(names(registry)));
        assertEquals("boolean", registry.path("has_password").path("type").asText());
        JsonNode image = schemas.path("ImageView").path("properties");
        assertEquals("string", image.path("min_resources").path("additionalProperties").path("type").asText());
        assertEquals("#/components/schemas/ImageAppView", image.path("apps").path("items").path("$ref").asText());
        assertEquals("int64", image.path("size_bytes").path("format").asText());
        JsonNode body = schemas.path("ImageBody").path("properties");
        assertEquals("string", body.path("min_resources").path("additionalProperties").path("oneOf").path(1)
                .path("type").asText(), body::toString);
        assertEquals("#/components/schemas/ImageAppBody", body.path("add_apps").path("items").path("$ref").asText());
        assertEquals("#/components/schemas/RegistryOutcomeView", schemas.path("RescanTaskView").path("properties")
                .path("outcomes").path("items").path("$ref").asText());
        for (String[] op : new String[][] {{"/admin/registries", "get"}, {"/admin/registries/rescan", "post"},
                {"/admin/rescans/{id}", "get"}, {"/images", "get"}, {"/images/{reference}", "delete"}}) {
            JsonNode sec = paths.path(op[0]).path(op[1]).path("security");
            assertTrue(sec.size() == 1 && sec.get(0).has("BackendAI"), () -> op[0] + " must be signed: " + sec);
        }
    }

    @Test
    void everyResourceMethodJerseyServesIsInTheDocument() {
        JsonNode paths = full().path("paths");
        int checked = 0;
        for (Class<?> c : ALL) {
            org.glassfish.jersey.server.model.Resource root = org.glassfish.jersey.server.model.Resource.from(c);
            List<org.glassfish.jersey.server.model.Resource> all = new ArrayList<>(List.of(root));
            all.addAll(root.getChildResources());
            for (org.glassfish.jersey.server.model.Resource r : all) {
                String path = r == root ? OpenApiGenerator.join(root.getPath(), "")
                        : OpenApiGenerator.join(root.getPath(), r.getPath());
                for (org.glassfish.jersey.server.model.ResourceMethod m : r.getResourceMethods()) {
                    String verb = m.getHttpMethod().toLowerCase(java.util.Locale.ROOT);
                    assertTrue(paths.path(path).has(verb), () -> c.getSimpleName() + ": " + verb + " " + path
                            + " is not documented");
                    checked++;
                }
            }
        }
        assertTrue(checked > 100, "resource methods checked: " + checked);
    }

    @Test
    void storagePathsAreDocumented() {
        JsonNode doc = full();
        JsonNode paths = doc.path("paths");
        assertEquals(Set.of("get", "post"), names(paths.path("/admin/volumes")));
        assertEquals(Set.of("get", "patch", "delete"), names(paths.path("/admin/volumes/{name}")));
        assertEquals(Set.of("get"), names(paths.path("/admin/volumes/{name}/quotas")));
        assertEquals(Set.of("get", "put", "delete"), names(paths.path("/admin/volumes/{name}/quotas/{type}/{scope}")));
        assertEquals(Set.of("get", "post"), names(paths.path("/folders")));
        assertEquals(Set.of("get"), names(paths.path("/folders/hosts")));
        assertEquals(Set.of("get", "patch", "delete"), names(paths.path("/folders/{folder}")));
        assertEquals(Set.of("post"), names(paths.path("/folders/{folder}/clone")));
        assertEquals(Set.of("get"), names(paths.path("/folders/{folder}/files")));
        assertEquals(Set.of("get", "put", "delete"), names(paths.path("/folders/{folder}/files/{path}")));
        assertEquals(Set.of("post"), names(paths.path("/folders/{folder}/mkdir")));
        assertEquals(Set.of("get"), names(paths.path("/model-store/cards")));
        assertEquals(Set.of("get"), names(paths.path("/model-store/cards/{folder}")));
        assertEquals(Set.of("post"), names(paths.path("/model-store/cards/{folder}/clone")));

        JsonNode files = paths.path("/folders/{folder}/files/{path}");
        JsonNode download = files.path("get").path("responses").path("200").path("content");
        assertEquals(Set.of("application/octet-stream"), names(download), download::toString);
        assertEquals("binary", download.path("application/octet-stream").path("schema").path("format").asText());
        JsonNode upload = files.path("put");
        assertEquals("binary", upload.path("requestBody").path("content").path("application/octet-stream")
                .path("schema").path("format").asText(), upload::toString);
        assertEquals("#/components/schemas/FileEntryView", upload.path("responses").path("201").path("content")
                .path("application/json").path("schema").path("$ref").asText(), upload::toString);
        Set<String> query = new HashSet<>();
        upload.path("parameters").forEach(q -> query.add(q.path("name").asText()));
        assertEquals(Set.of("folder", "path", "overwrite"), query);
        assertTrue(files.path("delete").path("responses").has("204"));
        JsonNode unset = paths.path("/admin/volumes/{name}/quotas/{type}/{scope}").path("delete").path("responses");
        assertEquals("#/components/schemas/QuotaView", unset.path("200").path("content").path("application/json")
                .path("schema").path("$ref").asText(), unset::toString);
        assertEquals("#/components/schemas/FolderView", paths.path("/model-store/cards/{folder}/clone").path("post")
                .path("responses").path("201").path("content").path("application/json").path("schema").path("$ref")
                .asText());
        Set<String> filters = new HashSet<>();
        paths.path("/folders").path("get").path("parameters").forEach(q -> filters.add(q.path("name").asText()));
        assertEquals(Set.of("type", "project", "usage_mode", "volume", "owner", "all"), filters);

        JsonNode schemas = doc.path("components").path("schemas");
        assertEquals(List.of("name", "backend", "mount_path", "options", "secret_options", "available",
                "unavailable_reason", "capabilities", "used_bytes", "capacity_bytes", "folder_count", "created_at",
                "modified_at"), new ArrayList<>(names(schemas.path("VolumeView").path("properties"))));
        JsonNode hardLimit = schemas.path("QuotaBody").path("properties").path("hard_limit");
        assertEquals("integer", hardLimit.path("oneOf").path(0).path("type").asText(), hardLimit::toString);
        assertEquals("string", hardLimit.path("oneOf").path(1).path("type").asText(), hardLimit::toString);
        assertEquals("#/components/schemas/ModelView", schemas.path("ModelCardView").path("properties")
                .path("models").path("items").path("$ref").asText());
        for (String[] op : new String[][] {{"/admin/volumes", "get"}, {"/folders", "post"},
                {"/folders/{folder}/files/{path}", "put"}, {"/model-store/cards", "get"}}) {
            JsonNode sec = paths.path(op[0]).path(op[1]).path("security");
            assertTrue(sec.size() == 1 && sec.get(0).has("BackendAI"), () -> op[0] + " must be signed: " + sec);
        }
    }

    @Test
    void pathTemplatesLoseTheirRegularExpressions() {
        assertEquals("/images/{reference}", OpenApiGenerator.join("/images", "{reference: .+}"));
        assertEquals("/a/{id}/b", OpenApiGenerator.join("a/", "/{id : [0-9]{1,3}}/b/"));
        assertEquals("/a/{name}", OpenApiGenerator.join("/a", "{name: [^/]+}"));
        assertEquals("/a/{name}", OpenApiGenerator.join("/a", "{name}"));
    }

    @Test
    void agentChannelPathsAreDocumented() {
        JsonNode paths = full().path("paths");
        assertEquals(Set.of("get"), names(paths.path("/agent-api/work")));
        assertEquals(Set.of("post"), names(paths.path("/agent-api/kernels")));
        assertEquals(Set.of("post"), names(paths.path("/agent-api/requests/{id}/reply")));
        for (String[] op : new String[][] {{"/agent-api/work", "get"}, {"/agent-api/kernels", "post"},
                {"/agent-api/requests/{id}/reply", "post"}}) {
            JsonNode sec = paths.path(op[0]).path(op[1]).path("security");
            assertTrue(sec.size() == 1 && sec.get(0).has("BerthAgent"), () -> op[0] + ": " + sec);
        }
        assertEquals("#/components/schemas/AgentWorkView", paths.path("/agent-api/work").path("get")
                .path("responses").path("200").path("content").path("application/json").path("schema").path("$ref")
                .asText());
        assertTrue(paths.path("/agent-api/kernels").path("post").path("responses").has("204"));
        assertTrue(paths.path("/agent-api/requests/{id}/reply").path("post").path("responses").has("204"));
        assertEquals("#/components/schemas/KernelReportsBody", paths.path("/agent-api/kernels").path("post")
                .path("requestBody").path("content").path("application/json").path("schema").path("$ref").asText());
    }

    @Test
    void jsonPropertyNamesAreHonoured() {
        JsonNode imp = full().path("components").path("schemas").path("SpiImportView").path("properties");
        assertEquals(List.of("package", "range", "wired_to", "satisfied"), new ArrayList<>(names(imp)));
    }

    @Test
    void problemDocumentsTheReferrers() {
        JsonNode problem = full().path("components").path("schemas").path("Problem").path("properties");
        assertEquals("array", problem.path("referrers").path("type").asText());
        assertEquals("int64", problem.path("referrer_count").path("format").asText());
    }

    @Test
    void allRecordSchemasMatchTheJacksonWireNames() {
        JsonNode schemas = full().path("components").path("schemas");
        List<Class<?>> records = Stream.concat(Stream.of(Requests.class.getDeclaredClasses()),
                Stream.of(Views.class.getDeclaredClasses())).filter(Class::isRecord).toList();
        Set<String> missing = new TreeSet<>();
        for (Class<?> c : records) {
            JsonNode schema = schemas.path(c.getSimpleName());
            if (schema.isMissingNode()) {
                missing.add(c.getSimpleName());
                continue;
            }
            BeanDescription d = JsonConfig.MAPPER.getSerializationConfig()
                    .introspect(JsonConfig.MAPPER.constructType(c));
            Set<String> jackson = wireNames(d);
            assertEquals(jackson, names(schema.path("properties")), c.getSimpleName());
        }
        // PageView is generic and inlined; ProjectRef and the other nested views are referenced
        assertEquals(Set.of("PageView"), missing, "every request and view record appears in the document");
    }

    /** A plugin's resource answering a file directly. */
    @javax.ws.rs.Path("/files")
    public static final class FileResource {
        @javax.ws.rs.GET
        @javax.ws.rs.Produces("text/plain")
        public javax.ws.rs.core.StreamingOutput report() {
            return out -> out.write('x');
        }
    }

    @Test
    void streamingOutputIsDocumentedAsAFile() {
        JsonNode n = JsonConfig.MAPPER.valueToTree(OpenApiGenerator.document(List.of(FileResource.class), "1"));
        JsonNode content = n.path("paths").path("/files").path("get").path("responses").path("200").path("content");
        assertEquals(Set.of("text/plain"), names(content), n::toString);
        assertEquals("binary", content.path("text/plain").path("schema").path("format").asText());
    }

    @Test
    void snake() {
        assertEquals("full_name", OpenApiGenerator.snake("fullName"));
        assertEquals("allowed_vfolder_hosts", OpenApiGenerator.snake("allowedVfolderHosts"));
        assertEquals("email", OpenApiGenerator.snake("email"));
    }
}
