package dev.clm.report;

import dev.clm.api.Dataset;
import dev.clm.api.TrainedModel;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The top features of a model by split gain and by mean absolute SHAP contribution. */
public final class FeatureRanking {
    private FeatureRanking() {}

    /** The {@code top} largest entries, largest first. */
    public static Map<String, Double> top(Map<String, Double> scores, int top) {
        Map<String, Double> out = new LinkedHashMap<>();
        scores.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())).limit(top)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Mean |contribution| per feature over {@code rows} (bias column left out), or empty when the model has none. */
    public static Map<String, Double> meanAbsShap(TrainedModel model, Dataset rows) {
        Optional<double[][]> c = model.featureContributions(rows);
        if (c.isEmpty() || c.get().length == 0) return Map.of();
        List<String> names = model.featureNames();
        double[] sum = new double[names.size()];
        for (double[] row : c.get()) for (int j = 0; j < names.size(); j++) sum[j] += Math.abs(row[j]);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int j = 0; j < names.size(); j++) out.put(names.get(j), sum[j] / c.get().length);
        return out;
    }
}
