package dev.clm.models.trees;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A LightGBM ensemble (numeric splits, one tree per iteration, no linear trees) compiled from
 * the model string into flat arrays.
 *
 * <p>Semantics follow LightGBM's {@code Tree::NumericalDecision}: values with
 * {@code |x| <= 1e-35} are zero (the dense-row reader drops them); for missing type
 * {@code None} a NaN is treated as 0; for missing type {@code Zero} a zero goes to the default
 * child; for {@code NaN} a NaN goes to the default child; otherwise {@code x <= threshold}
 * (in double) goes left. The prediction is the sum of leaf values in double in tree order,
 * as LightGBM's raw score. Identity-link regressions predict the raw score; the {@code binary}
 * objective predicts {@code 1 / (1 + exp(-sigmoid * raw))} with the model's {@code sigmoid}
 * parameter, as LightGBM's normal (not raw-score) prediction does.
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

    private static final int GROUP = 8;

    private final int features;
    /** 0 for an identity link; the sigmoid parameter of the binary objective otherwise. */
    private final double sigmoid;
    private final int[] roots;
    private final int[] nodes;
    private final double[] thresholds;
    private final double[] leaves;
    // Fast path (rows without NaN or zero): breadth-first layout, 2 longs per node
    // (feature << 32 | left child, threshold bits), right = left + 1, leaves step to themselves.
    private final int[] bfsRoots;
    private final long[] bfsNodes;
    private final double[] bfsValues;
    private final int[] groupSteps;

    private LightGbmFlatTrees(int features, double sigmoid, int[] roots, int[] nodes, double[] thresholds, double[] leaves, int[] bfsRoots,
                              long[] bfsNodes, double[] bfsValues, int[] treeDepth) {
        this.features = features;
        this.sigmoid = sigmoid;
        this.roots = roots;
        this.nodes = nodes;
        this.thresholds = thresholds;
        this.leaves = leaves;
        this.bfsRoots = bfsRoots;
        this.bfsNodes = bfsNodes;
        this.bfsValues = bfsValues;
        this.groupSteps = XGBoostFlatTrees.groupSteps(treeDepth, GROUP);
    }

    /**
     * Compiles a model string ({@code saveModelToString}). Throws
     * {@link IllegalArgumentException} saying what is unsupported (categorical splits, linear
     * trees, averaged output, several trees per iteration, link functions other than the
     * identity and the binary objective's sigmoid).
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
        double sigmoid = 0;
        if (objName.equals("binary")) {
            sigmoid = binarySigmoid(objective);
        } else if (!(objName.equals("regression") || objName.equals("regression_l1") || objName.equals("huber")
                || objName.equals("fair") || objName.equals("quantile")) || objective.contains("sqrt")) {
            throw new IllegalArgumentException("objective '" + objective + "' has an unsupported link function; expected an identity-link"
                    + " regression or binary");
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
        int total = internal + leafCount;
        int[] bfsRoots = new int[trees.size()];
        long[] bfsNodes = new long[total * 2];
        double[] bfsValues = new double[total];
        int[] treeDepth = new int[trees.size()];
        int bfsBase = 0;
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
            // Breadth-first copy for the fast path: node ids 0..nl-2 internal, nl-1.. leaves.
            final int internalCount = nl - 1, nb = nodeBase, lb = leafBase;
            TreeLayout.Placed placed = TreeLayout.place(new TreeLayout.Source() {
                public boolean isLeaf(int node) { return node >= internalCount; }
                public int left(int node) { return child(nodes[(nb + node) * 4 + 2], nb, lb, internalCount); }
                public int right(int node) { return child(nodes[(nb + node) * 4 + 3], nb, lb, internalCount); }
            }, 0, 2 * nl - 1, bfsBase);
            for (int k = 0; k < 2 * nl - 1; k++) {
                int node = placed.order()[k];
                int g = bfsBase + k;
                if (node >= internalCount) {
                    // Leaf: threshold NaN makes x > t false, so it steps "left" to itself.
                    bfsNodes[2 * g] = g & 0xffffffffL;
                    bfsNodes[2 * g + 1] = Double.doubleToRawLongBits(Double.NaN);
                    bfsValues[g] = leaves[lb + node - internalCount];
                } else {
                    int leftId = placed.id()[child(nodes[(nb + node) * 4 + 2], nb, lb, internalCount)];
                    bfsNodes[2 * g] = ((long) nodes[(nb + node) * 4] << 32) | (leftId & 0xffffffffL);
                    bfsNodes[2 * g + 1] = Double.doubleToRawLongBits(thresholds[nb + node]);
                }
            }
            bfsRoots[ti] = bfsBase;
            treeDepth[ti] = placed.depth();
            bfsBase += 2 * nl - 1;
            nodeBase += nl - 1;
            leafBase += nl;
        }
        return new LightGbmFlatTrees(features, sigmoid, roots, nodes, thresholds, leaves, bfsRoots, bfsNodes, bfsValues, treeDepth);
    }

    /** The {@code sigmoid:<s>} of a binary objective line such as {@code binary sigmoid:1}. */
    private static double binarySigmoid(String objective) {
        for (String part : objective.split(" ")) {
            if (part.startsWith("sigmoid:")) {
                double s = parseDouble(part.substring("sigmoid:".length()));
                if (!(s > 0) || Double.isInfinite(s)) throw new IllegalArgumentException("binary objective sigmoid " + s + " is not positive");
                return s;
            }
        }
        throw new IllegalArgumentException("binary objective '" + objective + "' names no sigmoid parameter");
    }

    /** Whether predictions are probabilities (the binary objective). */
    public boolean logistic() {
        return sigmoid != 0;
    }

    private double link(double raw) {
        return sigmoid == 0 ? raw : 1.0 / (1.0 + Math.exp(-sigmoid * raw));
    }

    /** A remapped child (global internal id, or ~global leaf id) as a local id: internal 0..k-1, leaves k.. . */
    private static int child(int remapped, int nodeBase, int leafBase, int internalCount) {
        return remapped >= 0 ? remapped - nodeBase : internalCount + (~remapped - leafBase);
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

    /**
     * Rows without NaN and without zeros (|x| <= 1e-35) take the branch-free path: eight trees
     * walked side by side, each step {@code node = left + (x > t ? 1 : 0)}, summed in tree order
     * as LightGBM does, so the result is identical. Other rows take the per-node path that
     * honours each node's missing-value type.
     */
    @Override
    public double predict(float[] row) {
        for (float v : row) {
            if (!(Math.abs(v) > ZERO_THRESHOLD)) return predict(row, roots.length);
        }
        final long[] n = bfsNodes;
        final double[] value = bfsValues;
        final int[] r = bfsRoots;
        final int trees = r.length;
        double sum = 0;
        int t = 0;
        for (int g = 0; t + GROUP <= trees; t += GROUP, g++) {
            int a0 = r[t], a1 = r[t + 1], a2 = r[t + 2], a3 = r[t + 3], a4 = r[t + 4], a5 = r[t + 5], a6 = r[t + 6], a7 = r[t + 7];
            for (int s = groupSteps[g]; s > 0; s--) {
                a0 = step(n, row, a0);
                a1 = step(n, row, a1);
                a2 = step(n, row, a2);
                a3 = step(n, row, a3);
                a4 = step(n, row, a4);
                a5 = step(n, row, a5);
                a6 = step(n, row, a6);
                a7 = step(n, row, a7);
            }
            sum += value[a0];
            sum += value[a1];
            sum += value[a2];
            sum += value[a3];
            sum += value[a4];
            sum += value[a5];
            sum += value[a6];
            sum += value[a7];
        }
        for (; t < trees; t++) {
            int a = r[t];
            for (int s = groupSteps[t / GROUP]; s > 0; s--) a = step(n, row, a);
            sum += value[a];
        }
        return link(sum);
    }

    private static int step(long[] n, float[] row, int node) {
        long meta = n[2 * node];
        double x = row[(int) (meta >>> 32)];
        return (int) meta + (x > Double.longBitsToDouble(n[2 * node + 1]) ? 1 : 0);
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
        return link(sum);
    }
}
