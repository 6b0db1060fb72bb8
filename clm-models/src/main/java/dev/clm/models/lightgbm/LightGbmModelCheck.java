package dev.clm.models.lightgbm;

import dev.clm.api.CorruptModelException;
import dev.clm.api.ModelType;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a LightGBM text model in Java and rewrites it, so that the native library only
 * ever parses a model string clm wrote from values it has checked.
 *
 * <p>Why this is enough to keep a damaged model from crashing the process: LightGBM's loader
 * trusts the text. A wrong {@code tree_sizes} entry makes it cut the text at the wrong places
 * (and abort inside its parallel parser), a child or split-feature index out of range sends the
 * predictor through arbitrary memory, and a cycle of children never ends. Here every line the
 * loader and the predictor use is checked: one model per iteration and one class, a supported
 * objective, {@code max_feature_idx} matching the envelope, each tree's arrays as long as
 * {@code num_leaves} says, the children forming a proper binary tree from node 0 (every node
 * and leaf reached exactly once), split features in range, decision types numeric with a known
 * missing-value type, every number finite, no categorical or linear trees. The native library
 * then gets a model string rebuilt from those values only, with the original number tokens
 * (so predictions stay bit-identical), no {@code tree_sizes} (LightGBM then reads the trees in
 * order) and none of the trailing sections prediction does not need. A fuzz test in a child JVM
 * checks the claim.
 *
 * <p>Stateless; thread-safe.
 */
final class LightGbmModelCheck {
    private static final Pattern INT = Pattern.compile("-?[0-9]{1,10}");
    private static final Pattern DOUBLE = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]{1,3})?");
    private static final Pattern OBJECTIVE_ARG = Pattern.compile("[a-z_]{1,32}:[-+0-9.eE]{1,32}");
    private static final Pattern FEATURE_INFO = Pattern.compile("none|\\[[-+0-9.eE]{1,32}:[-+0-9.eE]{1,32}]");
    private static final Set<String> OBJECTIVES = Set.of("regression", "regression_l1", "huber", "fair", "quantile", "binary");
    private static final int MAX_LEAVES = 131_072;
    private static final int MISSING_TYPE_SHIFT = 2;
    /** Largest |sum of leaves| allowed, far below double's range so the raw score stays finite. */
    static final double MAX_RAW_SCORE = 1e300;

    private LightGbmModelCheck() {}

    /**
     * Checks {@code model} (a model of exactly {@code features} features) and returns the model
     * string to hand to LightGBM; throws {@link CorruptModelException} naming what is wrong.
     */
    static String canonical(String model, int features) {
        try {
            return rebuild(model, features);
        } catch (IllegalArgumentException e) {
            throw new CorruptModelException(ModelType.LIGHTGBM, null, "native LightGBM model: " + e.getMessage());
        }
    }

    private static String rebuild(String model, int features) {
        String[] lines = model.split("\n", -1);
        int i = 0;
        if (lines.length == 0 || !lines[0].strip().equals("tree")) throw bad("does not start with 'tree'");
        Map<String, String> header = new HashMap<>();
        for (i = 1; i < lines.length && !lines[i].startsWith("Tree=") && !lines[i].strip().equals("end of trees"); i++) {
            put(header, lines[i], "header");
        }
        String version = require(header, "version", "header");
        if (!version.equals("v3") && !version.equals("v4")) throw bad("model version '" + version + "'");
        expect(header, "num_class", "1");
        expect(header, "num_tree_per_iteration", "1");
        expect(header, "label_index", "0");
        if (header.containsKey("average_output")) throw bad("averaged (random forest) output is not supported");
        if (header.containsKey("monotone_constraints")) throw bad("monotone constraints are not supported");
        int maxFeatureIdx = integer(require(header, "max_feature_idx", "header"), "max_feature_idx");
        if (maxFeatureIdx + 1 != features) throw bad("max_feature_idx " + maxFeatureIdx + " but the envelope names " + features + " features");
        String objective = require(header, "objective", "header");
        String[] objParts = objective.split(" ");
        if (!OBJECTIVES.contains(objParts[0])) throw bad("objective '" + objective + "' is not one clm trains");
        for (int k = 1; k < objParts.length; k++) {
            if (!OBJECTIVE_ARG.matcher(objParts[k]).matches()) throw bad("objective argument '" + objParts[k] + "'");
            finite(objParts[k].substring(objParts[k].indexOf(':') + 1), "objective argument");
        }
        if (objParts[0].equals("binary") && !objective.contains("sigmoid:")) throw bad("binary objective without sigmoid");
        String[] infos = require(header, "feature_infos", "header").split(" ", -1);
        if (infos.length != features) throw bad("feature_infos has " + infos.length + " entries for " + features + " features");
        for (String info : infos) if (!FEATURE_INFO.matcher(info).matches()) throw bad("feature_infos entry '" + info + "'");

        StringBuilder out = new StringBuilder(model.length());
        out.append("tree\nversion=").append(version).append("\nnum_class=1\nnum_tree_per_iteration=1\nlabel_index=0\nmax_feature_idx=")
                .append(maxFeatureIdx).append("\nobjective=").append(objective).append("\nfeature_names=");
        for (int f = 0; f < features; f++) out.append(f == 0 ? "" : " ").append("Column_").append(f);
        out.append("\nfeature_infos=").append(String.join(" ", infos)).append("\n\n");

        int trees = 0;
        double reach = 0;
        while (i < lines.length && lines[i].startsWith("Tree=")) {
            String where = "tree " + trees;
            if (integer(lines[i].substring("Tree=".length()), "tree index") != trees) throw bad(where + " is labelled '" + lines[i] + "'");
            Map<String, String> t = new HashMap<>();
            for (i++; i < lines.length && !lines[i].startsWith("Tree=") && !lines[i].strip().equals("end of trees"); i++) {
                put(t, lines[i], where);
            }
            reach += tree(t, trees, features, out);
            trees++;
        }
        if (i >= lines.length || !lines[i].strip().equals("end of trees")) throw bad("no 'end of trees' after tree " + (trees - 1));
        // a raw score that could overflow would predict infinity or NaN for some row
        if (!(reach < MAX_RAW_SCORE)) throw bad("leaf values could sum to " + reach + ", beyond " + MAX_RAW_SCORE);
        out.append("end of trees\n");
        return out.toString();
    }

    /** Checks and writes one tree; returns its largest |leaf value|. */
    private static double tree(Map<String, String> t, int index, int features, StringBuilder out) {
        String where = "tree " + index;
        int leaves = integer(require(t, "num_leaves", where), where + " num_leaves");
        if (leaves < 1 || leaves > MAX_LEAVES) throw bad(where + " num_leaves " + leaves + " outside 1.." + MAX_LEAVES);
        if (!"0".equals(t.getOrDefault("num_cat", "0"))) throw bad(where + " has categorical splits");
        if (!"0".equals(t.getOrDefault("is_linear", "0"))) throw bad(where + " is a linear tree");
        int internal = leaves - 1;
        String[] leafValue = doubles(t, "leaf_value", leaves, where);
        String[] leafWeight = optionalDoubles(t, "leaf_weight", leaves, where);
        String[] leafCount = optionalInts(t, "leaf_count", leaves, where, 0);
        String shrinkage = t.getOrDefault("shrinkage", "1");
        finite(shrinkage, where + " shrinkage");
        out.append("Tree=").append(index).append("\nnum_leaves=").append(leaves).append("\nnum_cat=0\n");
        if (internal > 0) {
            int[] feature = ints(t, "split_feature", internal, where);
            String[] gain = optionalDoubles(t, "split_gain", internal, where);
            String[] threshold = doubles(t, "threshold", internal, where);
            int[] decision = ints(t, "decision_type", internal, where);
            int[] left = ints(t, "left_child", internal, where);
            int[] right = ints(t, "right_child", internal, where);
            String[] internalValue = optionalDoubles(t, "internal_value", internal, where);
            String[] internalWeight = optionalDoubles(t, "internal_weight", internal, where);
            String[] internalCount = optionalInts(t, "internal_count", internal, where, 0);
            for (int n = 0; n < internal; n++) {
                if (feature[n] < 0 || feature[n] >= features) throw bad(where + " node " + n + " splits on feature " + feature[n]);
                int d = decision[n];
                if (d < 0 || (d & 1) != 0 || (d >> MISSING_TYPE_SHIFT) > 2 || (d & ~0b1110) != 0) {
                    throw bad(where + " node " + n + " has decision type " + d + " (only numeric splits with a known missing type)");
                }
            }
            checkShape(left, right, leaves, where);
            line(out, "split_feature", feature);
            out.append("split_gain=").append(String.join(" ", gain)).append('\n');
            out.append("threshold=").append(String.join(" ", threshold)).append('\n');
            line(out, "decision_type", decision);
            line(out, "left_child", left);
            line(out, "right_child", right);
            out.append("leaf_value=").append(String.join(" ", leafValue)).append('\n');
            out.append("leaf_weight=").append(String.join(" ", leafWeight)).append('\n');
            out.append("leaf_count=").append(String.join(" ", leafCount)).append('\n');
            out.append("internal_value=").append(String.join(" ", internalValue)).append('\n');
            out.append("internal_weight=").append(String.join(" ", internalWeight)).append('\n');
            out.append("internal_count=").append(String.join(" ", internalCount)).append('\n');
        } else {
            out.append("split_feature=\nsplit_gain=\nthreshold=\ndecision_type=\nleft_child=\nright_child=\n");
            out.append("leaf_value=").append(leafValue[0]).append("\nleaf_weight=").append(leafWeight[0]).append("\nleaf_count=")
                    .append(leafCount[0]).append("\ninternal_value=\ninternal_weight=\ninternal_count=\n");
        }
        out.append("is_linear=0\nshrinkage=").append(shrinkage).append("\n\n\n");
        double largest = 0;
        for (String v : leafValue) largest = Math.max(largest, Math.abs(Double.parseDouble(v)));
        return largest;
    }

    /** Children as LightGBM stores them (internal node {@code >= 0}, leaf {@code ~leaf}): a proper binary tree from node 0. */
    private static void checkShape(int[] left, int[] right, int leaves, String where) {
        int internal = leaves - 1;
        boolean[] seenNode = new boolean[internal];
        boolean[] seenLeaf = new boolean[leaves];
        int[] stack = new int[internal];
        int top = 0, nodes = 0, leafHits = 0;
        stack[top++] = 0;
        seenNode[0] = true;
        while (top > 0) {
            int n = stack[--top];
            nodes++;
            for (int child : new int[] {left[n], right[n]}) {
                if (child >= 0) {
                    if (child >= internal) throw bad(where + " node " + n + " has child node " + child + " of " + internal);
                    if (seenNode[child]) throw bad(where + " node " + child + " is reached twice");
                    seenNode[child] = true;
                    stack[top++] = child;
                } else {
                    int leaf = ~child;
                    if (leaf >= leaves) throw bad(where + " node " + n + " has leaf " + leaf + " of " + leaves);
                    if (seenLeaf[leaf]) throw bad(where + " leaf " + leaf + " is reached twice");
                    seenLeaf[leaf] = true;
                    leafHits++;
                }
            }
        }
        if (nodes != internal || leafHits != leaves) {
            throw bad(where + " reaches " + nodes + " of " + internal + " nodes and " + leafHits + " of " + leaves + " leaves from the root");
        }
    }

    private static void line(StringBuilder out, String key, int[] values) {
        out.append(key).append('=');
        for (int k = 0; k < values.length; k++) out.append(k == 0 ? "" : " ").append(values[k]);
        out.append('\n');
    }

    private static void put(Map<String, String> into, String rawLine, String where) {
        String line = rawLine.strip();
        if (line.isEmpty()) return;
        int eq = line.indexOf('=');
        if (eq <= 0) throw bad(where + " line '" + abbreviate(line) + "' is not key=value");
        String key = line.substring(0, eq);
        if (into.put(key, line.substring(eq + 1)) != null) throw bad(where + " repeats '" + key + "'");
    }

    private static String require(Map<String, String> m, String key, String where) {
        String v = m.get(key);
        if (v == null) throw bad(where + " has no '" + key + "'");
        return v;
    }

    private static void expect(Map<String, String> m, String key, String value) {
        String v = require(m, key, "header");
        if (!v.equals(value)) throw bad(key + " is '" + abbreviate(v) + "', expected " + value);
    }

    private static int integer(String s, String what) {
        if (!INT.matcher(s).matches()) throw bad(what + " '" + abbreviate(s) + "' is not an integer");
        long v = Long.parseLong(s);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw bad(what + " " + s + " out of range");
        return (int) v;
    }

    private static void finite(String s, String what) {
        if (!DOUBLE.matcher(s).matches()) throw bad(what + " '" + abbreviate(s) + "' is not a finite number");
        if (!Double.isFinite(Double.parseDouble(s))) throw bad(what + " " + s + " is not finite");
    }

    private static String[] tokens(Map<String, String> t, String key, int n, String where) {
        String v = require(t, key, where);
        String[] parts = v.isEmpty() ? new String[0] : v.split(" ", -1);
        if (parts.length != n) throw bad(where + " " + key + " has " + parts.length + " values, expected " + n);
        return parts;
    }

    private static int[] ints(Map<String, String> t, String key, int n, String where) {
        String[] parts = tokens(t, key, n, where);
        int[] out = new int[n];
        for (int k = 0; k < n; k++) out[k] = integer(parts[k], where + " " + key + "[" + k + "]");
        return out;
    }

    private static String[] doubles(Map<String, String> t, String key, int n, String where) {
        String[] parts = tokens(t, key, n, where);
        for (int k = 0; k < n; k++) finite(parts[k], where + " " + key + "[" + k + "]");
        return parts;
    }

    /** Statistics LightGBM keeps but does not predict with: checked when present, zeros when absent. */
    private static String[] optionalDoubles(Map<String, String> t, String key, int n, String where) {
        if (!t.containsKey(key)) return zeros(n);
        return doubles(t, key, n, where);
    }

    private static String[] optionalInts(Map<String, String> t, String key, int n, String where, int min) {
        if (!t.containsKey(key)) return zeros(n);
        String[] parts = tokens(t, key, n, where);
        for (int k = 0; k < n; k++) {
            if (integer(parts[k], where + " " + key + "[" + k + "]") < min) throw bad(where + " " + key + "[" + k + "] = " + parts[k]);
        }
        return parts;
    }

    private static String[] zeros(int n) {
        String[] z = new String[n];
        java.util.Arrays.fill(z, "0");
        return z;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static IllegalArgumentException bad(String what) {
        return new IllegalArgumentException(what);
    }
}
