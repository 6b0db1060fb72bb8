package dev.clm.ensemble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything an ensemble version is, apart from its members' own bytes: its type and kind, the
 * feature columns, the member versions (with checksums), the combination and provenance. Its
 * JSON form ({@value EnsembleModel#FORMAT}) is the ensemble's serialized model; doubles are written with
 * full precision, so a round trip predicts bit for bit the same.
 */
record EnsembleManifest(ModelType type, EnsembleSpec.Kind kind, List<String> featureNames, List<MemberRef> members,
                        Combination combination, Map<String, String> provenance) {
    static final String FORMAT = EnsembleModel.FORMAT;
    private static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    EnsembleManifest {
        featureNames = List.copyOf(featureNames);
        members = List.copyOf(members);
        provenance = Map.copyOf(provenance);
        if (members.size() != combination.members()) {
            throw new IllegalArgumentException(members.size() + " members but " + combination.members() + " coefficients");
        }
    }

    byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("type", type.name());
        root.put("kind", kind.name());
        ArrayNode f = root.putArray("features");
        featureNames.forEach(f::add);
        ArrayNode ms = root.putArray("members");
        for (MemberRef r : members) {
            ObjectNode m = ms.addObject();
            m.put("type", r.type().name());
            m.put("version", r.version());
            m.put("checksum", r.checksum());
            m.put("trainedUntil", r.trainedUntil().toString());
        }
        ObjectNode c = root.putObject("combination");
        c.put("link", combination.link().name());
        c.put("intercept", combination.intercept());
        ArrayNode co = c.putArray("coefficients");
        for (double v : combination.coefficients()) co.add(v);
        c.put("returnScale", combination.returnScale());
        ObjectNode p = root.putObject("provenance");
        new java.util.TreeMap<>(provenance).forEach(p::put);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses ensemble bytes; {@code expected} is the type they are loaded as. */
    static EnsembleManifest fromJson(ModelType expected, byte[] bytes) {
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || !FORMAT.equals(root.path("format").asText())) {
                throw new ModelTrainingException(expected, null, "bytes are not a " + FORMAT + " ensemble", null);
            }
            if (root.path("formatVersion").asInt() != FORMAT_VERSION) {
                throw new ModelTrainingException(expected, null, "unsupported " + FORMAT + " version " + root.path("formatVersion"), null);
            }
            ModelType type = ModelType.of(root.path("type").asText());
            if (!type.equals(expected)) {
                throw new ModelTrainingException(expected, null, "the bytes hold a " + type + " ensemble, not a " + expected, null);
            }
            List<String> features = new ArrayList<>();
            root.path("features").forEach(n -> features.add(n.asText()));
            List<MemberRef> refs = new ArrayList<>();
            for (JsonNode m : root.path("members")) {
                refs.add(new MemberRef(ModelType.of(m.path("type").asText()), m.path("version").asText(), m.path("checksum").asText(),
                        Instant.parse(m.path("trainedUntil").asText())));
            }
            JsonNode c = root.path("combination");
            JsonNode co = c.path("coefficients");
            double[] coefficients = new double[co.size()];
            for (int j = 0; j < coefficients.length; j++) coefficients[j] = co.get(j).asDouble();
            Combination combination = new Combination(Combination.Link.valueOf(c.path("link").asText()), c.path("intercept").asDouble(),
                    coefficients, c.path("returnScale").asDouble());
            Map<String, String> prov = new LinkedHashMap<>();
            root.path("provenance").fields().forEachRemaining(e -> prov.put(e.getKey(), e.getValue().asText()));
            return new EnsembleManifest(type, EnsembleSpec.Kind.valueOf(root.path("kind").asText()), features, refs, combination, prov);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ModelTrainingException m) throw m;
            throw new ModelTrainingException(expected, null, "cannot read " + FORMAT + " ensemble: " + e.getMessage(), e);
        }
    }
}
