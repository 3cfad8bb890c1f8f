package io.berth.core.internal;

import io.berth.core.storage.ModelCard;
import io.berth.core.storage.ModelCard.Model;
import io.berth.core.storage.VFolder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * SPEC S6: reads {@code model-definition.yaml} into a model card. SnakeYAML's safe constructor builds only
 * maps, lists and scalars (never arbitrary classes); aliases, nesting and size are bounded. Anything wrong
 * gives a card in the error state with a message saying what, never an exception.
 *
 * <p>The format (as in the administrator's guide): a map with {@code models:}, a list of models, each a map
 * with {@code name} (text, required), {@code model_path} (absolute path in the container, required) and
 * optional {@code metadata} (a map: title, description, author, category, task, license, architecture,
 * framework, label, min_resource, …, kept as written).
 */
final class ModelDefinitions {
    static final int MAX_BYTES = 1 << 20;
    static final String READY = "ready";
    static final String MISSING = "missing";
    static final String ERROR = "error";

    private ModelDefinitions() {
    }

    static ModelCard missing(VFolder f) {
        return new ModelCard(f.id(), f.name(), f.ownerId(), f.domainName(), f.cloneable(), MISSING,
                "the folder has no model-definition.yaml yet", f.name(), null, List.of());
    }

    static ModelCard error(VFolder f, String message) {
        return new ModelCard(f.id(), f.name(), f.ownerId(), f.domainName(), f.cloneable(), ERROR, message, f.name(),
                null, List.of());
    }

    static ModelCard parse(VFolder f, byte[] yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowDuplicateKeys(false);
        Object root;
        try {
            root = new Yaml(new SafeConstructor(options)).load(new String(yaml, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return error(f, "model-definition.yaml is not valid YAML: " + oneLine(e.getMessage()));
        }
        if (!(root instanceof Map<?, ?> map)) {
            return error(f, "model-definition.yaml must be a map with a models list");
        }
        if (!(map.get("models") instanceof List<?> list) || list.isEmpty()) {
            return error(f, "model-definition.yaml must have a non-empty list 'models'");
        }
        List<Model> models = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "models[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                return error(f, where + " must be a map");
            }
            if (!(m.get("name") instanceof String name) || name.isBlank()) {
                return error(f, where + ".name is required text");
            }
            if (!(m.get("model_path") instanceof String path) || !path.startsWith("/")) {
                return error(f, where + ".model_path is required: an absolute path in the container");
            }
            Object meta = m.get("metadata");
            if (meta != null && !(meta instanceof Map)) {
                return error(f, where + ".metadata must be a map");
            }
            models.add(new Model(name, path, meta == null ? Map.of() : plain((Map<?, ?>) meta)));
        }
        Map<String, Object> first = models.get(0).metadata();
        String title = first.get("title") instanceof String t && !t.isBlank() ? t : models.get(0).name();
        String description = first.get("description") instanceof String d ? d : null;
        return new ModelCard(f.id(), f.name(), f.ownerId(), f.domainName(), f.cloneable(), READY, null, title,
                description, List.copyOf(models));
    }

    /** Keys as text, values as loaded (dates and other scalars as text) so the card serialises plainly. */
    private static Map<String, Object> plain(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), value(v)));
        return out;
    }

    private static Object value(Object v) {
        if (v instanceof Map<?, ?> m) {
            return plain(m);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(ModelDefinitions::value).toList();
        }
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        return String.valueOf(v);
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        String t = s.replaceAll("\\s+", " ").trim();
        return t.length() > 500 ? t.substring(0, 500) + "…" : t;
    }
}
