package dev.clm.models.spark;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Edits an XGBoost JSON model: keeps the first rounds of a booster (early stopping), or appends
 * the trees of a continuation to its parent (warm start). xgboost4j has neither call; its JSON
 * model is the documented exchange format. Every floating-point number is copied as the text
 * XGBoost wrote (never re-parsed), so every split and leaf value loads back bit for bit and stays a
 * float for XGBoost's typed JSON reader.
 */
final class BoosterJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JSON.getNodeFactory();

    private BoosterJson() {}

    /** The first {@code rounds} rounds of {@code model} (one tree per round, as clm trains). */
    static byte[] truncate(byte[] model, int rounds) {
        ObjectNode root = parse(model);
        ObjectNode gb = gbtreeModel(root);
        ArrayNode trees = (ArrayNode) gb.get("trees");
        if (rounds > trees.size()) {
            throw new IllegalArgumentException("cannot keep " + rounds + " rounds of a model with " + trees.size() + " trees");
        }
        ArrayNode keptTrees = JSON.createArrayNode();
        ArrayNode keptInfo = JSON.createArrayNode();
        for (int i = 0; i < rounds; i++) {
            keptTrees.add(trees.get(i));
            keptInfo.add(gb.get("tree_info").get(i));
        }
        setTrees(gb, keptTrees, keptInfo);
        clearBestIteration(root);
        return write(root);
    }

    /**
     * {@code parent} followed by the first {@code rounds} trees of {@code continuation}: a model
     * whose margin is the parent's margin plus the continuation's trees, which is what the
     * continuation was trained against (the parent's margin as base margin). The parent's
     * learner settings (base score, objective, features) are kept.
     */
    static byte[] append(byte[] parent, byte[] continuation, int rounds) {
        ObjectNode root = parse(parent);
        ObjectNode gb = gbtreeModel(root);
        ObjectNode more = gbtreeModel(parse(continuation));
        ArrayNode trees = ((ArrayNode) gb.get("trees")).deepCopy();
        ArrayNode info = ((ArrayNode) gb.get("tree_info")).deepCopy();
        ArrayNode newTrees = (ArrayNode) more.get("trees");
        if (rounds > newTrees.size()) {
            throw new IllegalArgumentException("cannot append " + rounds + " rounds of a continuation with " + newTrees.size() + " trees");
        }
        for (int i = 0; i < rounds; i++) {
            ObjectNode tree = ((ObjectNode) newTrees.get(i)).deepCopy();
            tree.put("id", trees.size());
            trees.add(tree);
            info.add(more.get("tree_info").get(i));
        }
        setTrees(gb, trees, info);
        clearBestIteration(root);
        return write(root);
    }

    /** Number of trees in a JSON model. */
    static int treeCount(byte[] model) {
        return gbtreeModel(parse(model)).get("trees").size();
    }

    private static void setTrees(ObjectNode gb, ArrayNode trees, ArrayNode info) {
        for (int i = 0; i < trees.size(); i++) ((ObjectNode) trees.get(i)).put("id", i);
        gb.set("trees", trees);
        gb.set("tree_info", info);
        if (gb.has("iteration_indptr")) {
            ArrayNode indptr = JSON.createArrayNode();
            for (int i = 0; i <= trees.size(); i++) indptr.add(i);
            gb.set("iteration_indptr", indptr);
        }
        ((ObjectNode) gb.get("gbtree_model_param")).put("num_trees", Integer.toString(trees.size()));
    }

    /** The early-stopping attributes describe the training run, not the cut or merged model. */
    private static void clearBestIteration(ObjectNode root) {
        JsonNode attributes = root.path("learner").path("attributes");
        if (attributes instanceof ObjectNode a) {
            a.remove("best_iteration");
            a.remove("best_score");
        }
    }

    private static ObjectNode gbtreeModel(ObjectNode root) {
        JsonNode booster = root.path("learner").path("gradient_booster");
        if (!"gbtree".equals(booster.path("name").asText())) {
            throw new IllegalArgumentException("expected a gbtree booster, found '" + booster.path("name").asText() + "'");
        }
        JsonNode model = booster.path("model");
        if (!(model instanceof ObjectNode m) || !m.path("trees").isArray()) {
            throw new IllegalArgumentException("XGBoost JSON model has no learner.gradient_booster.model.trees");
        }
        if (!"1".equals(m.path("gbtree_model_param").path("num_parallel_tree").asText("1"))) {
            throw new IllegalArgumentException("expected one tree per round (num_parallel_tree = 1)");
        }
        return m;
    }

    private static ObjectNode parse(byte[] model) {
        try (JsonParser parser = JSON.getFactory().createParser(model)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("an XGBoost JSON model is an object");
            return (ObjectNode) read(parser);
        } catch (IOException e) {
            throw new UncheckedIOException("reading an XGBoost JSON model failed", e);
        }
    }

    /** The value at the parser's current token, floats kept as their original text. */
    private static JsonNode read(JsonParser parser) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    o.set(name, read(parser));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) a.add(read(parser));
                return a;
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.rawValueNode(new RawValue(parser.getText()));
            }
            case VALUE_NUMBER_INT -> {
                return NODES.numberNode(parser.getBigIntegerValue());
            }
            case VALUE_STRING -> {
                return NODES.textNode(parser.getText());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(parser.getBooleanValue());
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new IllegalArgumentException("unexpected JSON token " + parser.currentToken());
        }
    }

    private static byte[] write(ObjectNode root) {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException("writing an XGBoost JSON model failed", e);
        }
    }
}
