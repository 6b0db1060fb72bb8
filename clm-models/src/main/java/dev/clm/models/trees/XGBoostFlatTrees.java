package dev.clm.models.trees;

import dev.clm.models.internal.Json;
import dev.clm.models.internal.Json.Num;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An XGBoost ensemble (gbtree, numeric splits, one output) compiled from the booster's JSON
 * model into flat arrays.
 *
 * <p>Semantics follow XGBoost's CPU predictor: at a split, {@code x < threshold} goes to the
 * left child, otherwise right; a missing value (NaN) goes to the node's default child; the
 * margin is the base margin plus the leaf values of every tree, summed in float in tree order
 * (XGBoost accumulates in float too). Identity-link objectives predict the margin, with
 * {@code base_score} as the base margin. {@code binary:logistic} stores {@code base_score} as a
 * probability: the base margin is its logit, and the prediction is the sigmoid of the margin,
 * as XGBoost's {@code predict} (not {@code output_margin}) returns.
 *
 * <p>Layout: {@code nodes} holds 4 ints per internal node (feature with the default-left flag
 * in the sign bit, threshold float bits, left child, right child); a child {@code >= 0} is an
 * internal node, {@code < 0} is leaf {@code ~child} in {@code leaves}. Immutable, thread-safe.
 */
public final class XGBoostFlatTrees implements FastTreePredictor {
    /** Objectives whose prediction is the raw margin (no link function). */
    public static final Set<String> IDENTITY_OBJECTIVES = Set.of("reg:squarederror", "reg:pseudohubererror",
            "reg:absoluteerror", "reg:quantileerror");

    /** The logistic objective whose prediction is the sigmoid of the margin. */
    public static final String LOGISTIC_OBJECTIVE = "binary:logistic";

    private static final int DEFAULT_LEFT = 0x80000000;
    private static final int FEATURE_MASK = 0x7fffffff;

    private static final int GROUP = 8;

    private final int features;
    private final boolean logistic;
    private final float baseScore;
    private final int[] roots;
    private final int[] nodes;
    private final float[] leaves;
    // Fast path (rows without NaN): breadth-first layout, 2 ints per node (left child << 8 |
    // feature, threshold bits) so a 500-tree depth-7 model takes 1 MB; right child = left + 1;
    // leaves step to themselves. Only when features <= 256 and nodes < 2^23 (else null).
    private final int[] bfsRoots;
    private final int[] bfsNodes;
    private final float[] bfsValues;
    private final int[] groupSteps;

    private XGBoostFlatTrees(int features, boolean logistic, float baseScore, int[] roots, int[] nodes, float[] leaves, int[] bfsRoots, int[] bfsNodes,
                             float[] bfsValues, int[] treeDepth) {
        this.features = features;
        this.logistic = logistic;
        this.baseScore = baseScore;
        this.roots = roots;
        this.nodes = nodes;
        this.leaves = leaves;
        this.bfsRoots = bfsRoots;
        this.bfsNodes = bfsNodes;
        this.bfsValues = bfsValues;
        this.groupSteps = groupSteps(treeDepth, GROUP);
    }

    static int[] groupSteps(int[] depth, int group) {
        int[] steps = new int[(depth.length + group - 1) / group];
        for (int t = 0; t < depth.length; t++) steps[t / group] = Math.max(steps[t / group], depth[t]);
        return steps;
    }

    /**
     * Compiles the JSON model ({@code Booster.toByteArray("json")}). Throws
     * {@link IllegalArgumentException} saying what is unsupported (categorical splits, vector
     * leaves, non-gbtree boosters, link functions other than the identity and the logistic,
     * several outputs).
     */
    @SuppressWarnings("unchecked")
    public static XGBoostFlatTrees fromJson(String json) {
        Map<String, Object> root = (Map<String, Object>) Json.plain(json);
        Map<String, Object> learner = (Map<String, Object>) root.get("learner");
        Map<String, Object> lmp = (Map<String, Object>) learner.get("learner_model_param");
        int numFeature = Integer.parseInt((String) lmp.get("num_feature"));
        String numClass = (String) lmp.get("num_class");
        if (numClass != null && !numClass.equals("0") && !numClass.equals("1")) {
            throw new IllegalArgumentException("multi-class models are not supported (num_class=" + numClass + ")");
        }
        String numTarget = (String) lmp.get("num_target");
        if (numTarget != null && !numTarget.equals("1")) {
            throw new IllegalArgumentException("multi-target models are not supported (num_target=" + numTarget + ")");
        }
        float base = parseBaseScore((String) lmp.get("base_score"));
        Map<String, Object> objective = (Map<String, Object>) learner.get("objective");
        String objName = objective == null ? null : (String) objective.get("name");
        boolean logistic = LOGISTIC_OBJECTIVE.equals(objName);
        if (!IDENTITY_OBJECTIVES.contains(objName) && !logistic) {
            throw new IllegalArgumentException("objective '" + objName + "' has an unsupported link function; supported: "
                    + IDENTITY_OBJECTIVES + " and " + LOGISTIC_OBJECTIVE);
        }
        if (logistic) {
            if (!(base > 0f && base < 1f)) throw new IllegalArgumentException("logistic base_score " + base + " is not a probability in (0, 1)");
            base = (float) -Math.log(1.0f / base - 1.0f); // XGBoost's ProbToMargin, in float
        }
        Map<String, Object> booster = (Map<String, Object>) learner.get("gradient_booster");
        if (!"gbtree".equals(booster.get("name"))) {
            throw new IllegalArgumentException("booster '" + booster.get("name") + "' is not supported, expected gbtree");
        }
        Map<String, Object> model = (Map<String, Object>) booster.get("model");
        List<Object> trees = (List<Object>) model.get("trees");

        int internal = 0, leafCount = 0;
        for (Object t : trees) {
            List<Object> left = (List<Object>) ((Map<String, Object>) t).get("left_children");
            for (Object c : left) {
                if (((Num) c).intValue() == -1) leafCount++; else internal++;
            }
        }
        int[] roots = new int[trees.size()];
        int[] nodes = new int[internal * 4];
        float[] leaves = new float[leafCount];
        int total = internal + leafCount;
        int[] bfsRoots = new int[trees.size()];
        boolean packable = numFeature <= 256 && total < (1 << 23);
        int[] bfsNodes = packable ? new int[total * 2] : null;
        float[] bfsValues = new float[total];
        int[] treeDepth = new int[trees.size()];
        int bfsBase = 0;
        int nodeBase = 0, leafBase = 0;
        for (int ti = 0; ti < trees.size(); ti++) {
            Map<String, Object> t = (Map<String, Object>) trees.get(ti);
            List<Object> left = (List<Object>) t.get("left_children");
            List<Object> right = (List<Object>) t.get("right_children");
            List<Object> cond = (List<Object>) t.get("split_conditions");
            List<Object> index = (List<Object>) t.get("split_indices");
            List<Object> defLeft = (List<Object>) t.get("default_left");
            List<Object> splitType = (List<Object>) t.get("split_type");
            Map<String, Object> tp = (Map<String, Object>) t.get("tree_param");
            if (tp != null && tp.get("size_leaf_vector") != null && Integer.parseInt((String) tp.get("size_leaf_vector")) > 1) {
                throw new IllegalArgumentException("vector-leaf trees are not supported");
            }
            if (tp != null && tp.get("num_deleted") != null && !"0".equals(tp.get("num_deleted"))) {
                throw new IllegalArgumentException("trees with deleted nodes are not supported");
            }
            int n = left.size();
            // Map XGBoost node ids to our internal-node / leaf numbering.
            int[] mapped = new int[n];
            int ni = nodeBase, li = leafBase;
            for (int i = 0; i < n; i++) {
                mapped[i] = ((Num) left.get(i)).intValue() == -1 ? ~(li++) : ni++;
            }
            for (int i = 0; i < n; i++) {
                int l = ((Num) left.get(i)).intValue();
                if (l == -1) {
                    leaves[~mapped[i]] = ((Num) cond.get(i)).floatValue();
                    continue;
                }
                if (splitType != null && !splitType.isEmpty() && ((Num) splitType.get(i)).intValue() != 0) {
                    throw new IllegalArgumentException("categorical splits are not supported (tree " + ti + ", node " + i + ")");
                }
                int f = ((Num) index.get(i)).intValue();
                if (f < 0 || f >= numFeature) throw new IllegalArgumentException("split feature " + f + " out of range");
                int o = mapped[i] * 4;
                boolean dl = ((Num) defLeft.get(i)).intValue() != 0;
                nodes[o] = f | (dl ? DEFAULT_LEFT : 0);
                nodes[o + 1] = Float.floatToRawIntBits(((Num) cond.get(i)).floatValue());
                nodes[o + 2] = mapped[l];
                nodes[o + 3] = mapped[((Num) right.get(i)).intValue()];
            }
            roots[ti] = mapped[0];
            nodeBase = ni;
            leafBase = li;

            int[] lc = new int[n], rc = new int[n];
            for (int i = 0; i < n; i++) {
                lc[i] = ((Num) left.get(i)).intValue();
                rc[i] = ((Num) right.get(i)).intValue();
            }
            TreeLayout.Placed placed = TreeLayout.place(new TreeLayout.Source() {
                public boolean isLeaf(int node) { return lc[node] == -1; }
                public int left(int node) { return lc[node]; }
                public int right(int node) { return rc[node]; }
            }, 0, n, bfsBase);
            for (int k = 0; k < n && packable; k++) {
                int i = placed.order()[k];
                int g = bfsBase + k, o = g * 2;
                if (lc[i] == -1) {
                    // Leaf: threshold NaN makes !(x < t) true, so it steps "right" to left + 1 = itself.
                    bfsNodes[o] = (g - 1) << 8;
                    bfsNodes[o + 1] = Float.floatToRawIntBits(Float.NaN);
                    bfsValues[g] = leaves[~mapped[i]];
                } else {
                    bfsNodes[o] = (placed.id()[lc[i]] << 8) | (nodes[mapped[i] * 4] & FEATURE_MASK);
                    bfsNodes[o + 1] = nodes[mapped[i] * 4 + 1];
                }
            }
            bfsRoots[ti] = bfsBase;
            treeDepth[ti] = placed.depth();
            bfsBase += n;
        }
        return new XGBoostFlatTrees(numFeature, logistic, base, roots, nodes, leaves, bfsRoots, bfsNodes, bfsValues, treeDepth);
    }

    /** XGBoost writes base_score as "5E-1" (older) or "[5E-1]" (vector intercept, 3.x). */
    static float parseBaseScore(String s) {
        String v = s.trim();
        if (v.startsWith("[")) {
            v = v.substring(1, v.length() - 1).trim();
            if (v.contains(",")) throw new IllegalArgumentException("vector base_score is not supported: " + s);
        }
        return Float.parseFloat(v);
    }

    @Override
    public int featureCount() {
        return features;
    }

    @Override
    public int treeCount() {
        return roots.length;
    }

    /** Whether predictions are the sigmoid of the margin ({@code binary:logistic}). */
    public boolean logistic() {
        return logistic;
    }

    private double link(float margin) {
        return logistic ? 1.0 / (1.0 + Math.exp(-(double) margin)) : margin;
    }

    /**
     * Rows without NaN take the branch-free path: eight trees walked side by side (their node
     * loads overlap in memory), each step {@code node = left + (x < t ? 0 : 1)}. The sum is
     * formed in the same tree order as XGBoost's, so the result is identical. Rows with NaN
     * take the per-node path that honours each node's default direction, as do all rows of models
     * over 256 features or 2^23 nodes.
     */
    @Override
    public double predict(float[] row) {
        final int[] n = bfsNodes;
        if (n == null) return predict(row, roots.length);
        for (float v : row) {
            if (v != v) return predict(row, roots.length);
        }
        final float[] value = bfsValues;
        final int[] r = bfsRoots;
        final int trees = r.length;
        float sum = baseScore;
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

    private static int step(int[] n, float[] row, int node) {
        int o = node << 1;
        int meta = n[o];
        return (meta >> 8) + (row[meta & 0xff] < Float.intBitsToFloat(n[o + 1]) ? 0 : 1);
    }

    @Override
    public double predict(float[] row, int trees) {
        final int[] nodes = this.nodes;
        final int[] roots = this.roots;
        float sum = baseScore;
        for (int t = 0; t < trees; t++) {
            int node = roots[t];
            while (node >= 0) {
                int o = node << 2;
                int f = nodes[o];
                float x = row[f & FEATURE_MASK];
                float threshold = Float.intBitsToFloat(nodes[o + 1]);
                if (x < threshold) node = nodes[o + 2];
                else if (x >= threshold) node = nodes[o + 3];
                else node = f < 0 ? nodes[o + 2] : nodes[o + 3]; // NaN: the default direction
            }
            sum += leaves[~node];
        }
        return link(sum);
    }
}
