package dev.clm.models.trees;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A LightGBM regression ensemble (numeric splits, one tree per iteration, no linear trees)
 * compiled from the model string into flat arrays.
 *
 * <p>Semantics follow LightGBM's {@code Tree::NumericalDecision}: values with
 * {@code |x| <= 1e-35} are zero (the dense-row reader drops them); for missing type
 * {@code None} a NaN is treated as 0; for missing type {@code Zero} a zero goes to the default
 * child; for {@code NaN} a NaN goes to the default child; otherwise {@code x <= threshold}
 * (in double) goes left. The prediction is the sum of leaf values in double in tree order,
 * as LightGBM's raw score; only identity-link objectives are accepted.
 *
 * <p>Layout: {@code nodes} holds 4 ints per internal node (feature, decision flags, left,
 * right); thresholds in a parallel double array; a child {@code < 0} is leaf {@code ~child}.
 * Immutable, thread-safe.
 */
public final class LightGbmFlatTrees implements FastTreePredictor {
    private static final double ZERO_THRESHOLD = 1e-35f;
    private static final int DEFAULT_LEFT = 2;
    private static final int MISSING_ZERO = 1;
    private static final int MISSING_NAN = 2;

    private final int features;
    private final int[] roots;
    private final int[] nodes;
    private final double[] thresholds;
    private final double[] leaves;

    private LightGbmFlatTrees(int features, int[] roots, int[] nodes, double[] thresholds, double[] leaves) {
        this.features = features;
        this.roots = roots;
        this.nodes = nodes;
        this.thresholds = thresholds;
        this.leaves = leaves;
    }

    /**
     * Compiles a model string ({@code saveModelToString}). Throws
     * {@link IllegalArgumentException} saying what is unsupported (categorical splits, linear
     * trees, averaged output, several trees per iteration, link-function objectives).
     */
    public static LightGbmFlatTrees fromModelString(String model) {
        String[] lines = model.split("\n");
        Map<String, String> header = new HashMap<>();
        List<Map<String, String>> trees = new ArrayList<>();
        Map<String, String> current = header;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.equals("end of trees")) break;
            if (line.startsWith("Tree=")) {
                current = new HashMap<>();
                trees.add(current);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq > 0) current.put(line.substring(0, eq), line.substring(eq + 1));
            else if (!line.isEmpty()) current.put(line, "");
        }
        if (header.containsKey("average_output")) throw new IllegalArgumentException("averaged (random forest) output is not supported");
        String perIteration = header.getOrDefault("num_tree_per_iteration", "1");
        if (!perIteration.equals("1")) throw new IllegalArgumentException("num_tree_per_iteration=" + perIteration + " is not supported");
        String objective = header.getOrDefault("objective", "");
        String objName = objective.split(" ")[0];
        if (!(objName.equals("regression") || objName.equals("regression_l1") || objName.equals("huber")
                || objName.equals("fair") || objName.equals("quantile")) || objective.contains("sqrt")) {
            throw new IllegalArgumentException("objective '" + objective + "' has a link function; expected an identity-link regression");
        }
        int features = Integer.parseInt(header.get("max_feature_idx")) + 1;

        int internal = 0, leafCount = 0;
        for (Map<String, String> t : trees) {
            int nl = Integer.parseInt(t.get("num_leaves"));
            leafCount += nl;
            internal += nl - 1;
        }
        int[] roots = new int[trees.size()];
        int[] nodes = new int[internal * 4];
        double[] thresholds = new double[internal];
        double[] leaves = new double[leafCount];
        int nodeBase = 0, leafBase = 0;
        for (int ti = 0; ti < trees.size(); ti++) {
            Map<String, String> t = trees.get(ti);
            int nl = Integer.parseInt(t.get("num_leaves"));
            if (!"0".equals(t.getOrDefault("num_cat", "0"))) throw new IllegalArgumentException("categorical splits are not supported (tree " + ti + ")");
            if (!"0".equals(t.getOrDefault("is_linear", "0"))) throw new IllegalArgumentException("linear trees are not supported (tree " + ti + ")");
            double[] leafValue = doubles(t.get("leaf_value"), nl);
            System.arraycopy(leafValue, 0, leaves, leafBase, nl);
            if (nl == 1) {
                roots[ti] = ~leafBase;
            } else {
                int[] feature = ints(t.get("split_feature"), nl - 1);
                double[] threshold = doubles(t.get("threshold"), nl - 1);
                int[] decision = ints(t.get("decision_type"), nl - 1);
                int[] left = ints(t.get("left_child"), nl - 1);
                int[] right = ints(t.get("right_child"), nl - 1);
                for (int i = 0; i < nl - 1; i++) {
                    if ((decision[i] & 1) != 0) throw new IllegalArgumentException("categorical split in tree " + ti);
                    if (feature[i] < 0 || feature[i] >= features) throw new IllegalArgumentException("split feature " + feature[i] + " out of range");
                    int o = (nodeBase + i) * 4;
                    nodes[o] = feature[i];
                    nodes[o + 1] = decision[i];
                    nodes[o + 2] = remap(left[i], nodeBase, leafBase);
                    nodes[o + 3] = remap(right[i], nodeBase, leafBase);
                    thresholds[nodeBase + i] = threshold[i];
                }
                roots[ti] = nodeBase;
            }
            nodeBase += nl - 1;
            leafBase += nl;
        }
        return new LightGbmFlatTrees(features, roots, nodes, thresholds, leaves);
    }

    private static int remap(int child, int nodeBase, int leafBase) {
        return child >= 0 ? nodeBase + child : ~(leafBase + ~child);
    }

    private static int[] ints(String s, int n) {
        String[] parts = s.trim().split(" ");
        if (parts.length != n) throw new IllegalArgumentException("expected " + n + " values, got " + parts.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = Integer.parseInt(parts[i]);
        return out;
    }

    private static double[] doubles(String s, int n) {
        String[] parts = s.trim().split(" ");
        if (parts.length != n) throw new IllegalArgumentException("expected " + n + " values, got " + parts.length);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = parseDouble(parts[i]);
        return out;
    }

    /** LightGBM writes C's "inf", "-inf" and "nan" where Java expects "Infinity" and "NaN". */
    private static double parseDouble(String s) {
        return switch (s) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan", "-nan" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    @Override
    public int featureCount() {
        return features;
    }

    @Override
    public int treeCount() {
        return roots.length;
    }

    @Override
    public double predict(float[] row) {
        return predict(row, roots.length);
    }

    @Override
    public double predict(float[] row, int trees) {
        final int[] nodes = this.nodes;
        final double[] thresholds = this.thresholds;
        double sum = 0;
        for (int t = 0; t < trees; t++) {
            int node = roots[t];
            while (node >= 0) {
                int o = node << 2;
                double x = row[nodes[o]];
                int decision = nodes[o + 1];
                int missing = (decision >>> 2) & 3;
                boolean nan = Double.isNaN(x);
                if (nan && missing != MISSING_NAN) {
                    x = 0.0;
                    nan = false;
                }
                if (Math.abs(x) <= ZERO_THRESHOLD) x = 0.0;
                if ((missing == MISSING_ZERO && x == 0.0) || (missing == MISSING_NAN && nan)) {
                    node = (decision & DEFAULT_LEFT) != 0 ? nodes[o + 2] : nodes[o + 3];
                } else {
                    node = x <= thresholds[node] ? nodes[o + 2] : nodes[o + 3];
                }
            }
            sum += leaves[~node];
        }
        return sum;
    }
}
