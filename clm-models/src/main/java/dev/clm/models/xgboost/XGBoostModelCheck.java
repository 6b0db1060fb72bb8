package dev.clm.models.xgboost;

import dev.clm.api.CorruptModelException;
import dev.clm.api.ModelType;
import dev.clm.models.internal.Ubjson;
import dev.clm.models.trees.XGBoostFlatTrees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates an XGBoost UBJ model in Java and rebuilds it, so that the native library only ever
 * parses bytes clm wrote from a structure it has checked.
 *
 * <p>Why this is enough to keep a damaged model from crashing the process: XGBoost trusts its
 * model file. A child index out of range sends its predictor through arbitrary memory (the
 * SIGSEGV seen with flipped bytes), a split feature beyond {@code num_feature} reads past the
 * row, a cycle of children never ends, and a malformed length in the UBJ framing reaches its
 * parser. Here (1) the UBJ framing is read by a bounds-checked reader; (2) every field the
 * loader and the predictor use is checked: one output, a supported objective, gbtree with one
 * tree per round, {@code tree_info}/{@code iteration_indptr}/{@code num_trees} consistent, each
 * tree's arrays as long as {@code num_nodes}, the children forming a proper binary tree from node
 * 0 (every node reached exactly once, so no cycle and no index out of range), parents matching,
 * split features below {@code num_feature}, every float finite, no categorical or deleted nodes;
 * (3) the native library gets a fresh UBJ document written from the checked values only,
 * in the exact layout XGBoost writes itself; unknown keys, attributes and feature names are
 * dropped (clm keeps names in its envelope). So whatever bytes arrive, the library sees a model
 * of the same shape as one it trained. A fuzz test in a child JVM checks the claim.
 *
 * <p>Stateless; thread-safe.
 */
final class XGBoostModelCheck {
    private static final Pattern NUMBER = Pattern.compile("\\[?-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?]?");
    private static final Pattern PARAM_VALUE = Pattern.compile("[0-9eE.+\\-\\[\\], ]{1,64}");
    private static final Pattern PARAM_KEY = Pattern.compile("[a-z_]{1,64}");
    /** XGBoost writes the root's parent as its invalid-node id with the left-child flag masked off. */
    private static final int ROOT_PARENT = Integer.MAX_VALUE;
    /** Largest |base + sum of leaves| allowed, far below float's 3.4e38 so a float sum cannot overflow. */
    static final double MAX_MARGIN = 1e30;

    private XGBoostModelCheck() {}

    /**
     * Checks {@code ubj} (a model of at most {@code maxFeatures} features) and returns the UBJ
     * bytes to hand to XGBoost; throws {@link CorruptModelException} naming what is wrong.
     */
    static byte[] canonical(byte[] ubj, int maxFeatures) {
        try {
            return rebuild(Ubjson.parse(ubj), maxFeatures);
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new CorruptModelException(ModelType.XGBOOST, null, "native XGBoost model: " + e.getMessage());
        }
    }

    private static byte[] rebuild(Object doc, int maxFeatures) {
        Map<String, Object> root = object(doc, "document");
        long[] version = longs(root.get("version"), "version");
        if (version.length != 3) throw bad("version has " + version.length + " parts, expected 3");
        for (long v : version) if (v < 0 || v > 1000) throw bad("version part " + v + " out of range");
        Map<String, Object> learner = object(root.get("learner"), "learner");

        Map<String, Object> lmp = object(learner.get("learner_model_param"), "learner_model_param");
        int numFeature = intString(lmp.get("num_feature"), "num_feature", 1, maxFeatures);
        String numClass = choice(lmp.get("num_class"), "num_class", "0", "1");
        String numTarget = choice(lmp.get("num_target"), "num_target", "1");
        String boostFromAverage = choice(lmp.get("boost_from_average"), "boost_from_average", "0", "1");
        String baseScore = string(lmp.get("base_score"), "base_score");
        if (!NUMBER.matcher(baseScore).matches()) throw bad("base_score '" + baseScore + "' is not a number");
        float base = Float.parseFloat(baseScore.replace("[", "").replace("]", ""));
        if (!Float.isFinite(base)) throw bad("base_score " + baseScore + " is not finite");

        Map<String, Object> objective = object(learner.get("objective"), "objective");
        String objName = string(objective.get("name"), "objective.name");
        if (!XGBoostFlatTrees.IDENTITY_OBJECTIVES.contains(objName) && !XGBoostFlatTrees.LOGISTIC_OBJECTIVE.equals(objName)) {
            throw bad("objective '" + objName + "' is not one clm trains");
        }
        if (XGBoostFlatTrees.LOGISTIC_OBJECTIVE.equals(objName) && !(base > 0 && base < 1)) {
            throw bad("logistic base_score " + baseScore + " is not a probability");
        }
        for (Map.Entry<String, Object> e : objective.entrySet()) {
            if (e.getKey().equals("name")) continue;
            if (!PARAM_KEY.matcher(e.getKey()).matches()) throw bad("objective parameter group '" + e.getKey() + "'");
            for (Map.Entry<String, Object> p : object(e.getValue(), "objective." + e.getKey()).entrySet()) {
                if (!PARAM_KEY.matcher(p.getKey()).matches() || !(p.getValue() instanceof String s) || !PARAM_VALUE.matcher(s).matches()) {
                    throw bad("objective parameter " + e.getKey() + "." + p.getKey() + " = " + p.getValue());
                }
            }
        }

        Map<String, Object> gb = object(learner.get("gradient_booster"), "gradient_booster");
        if (!"gbtree".equals(gb.get("name"))) throw bad("gradient_booster '" + gb.get("name") + "', expected gbtree");
        Map<String, Object> model = object(gb.get("model"), "gradient_booster.model");
        Map<String, Object> gbParam = object(model.get("gbtree_model_param"), "gbtree_model_param");
        choice(gbParam.get("num_parallel_tree"), "num_parallel_tree", "1");
        List<Object> trees = list(model.get("trees"), "trees");
        int numTrees = intString(gbParam.get("num_trees"), "num_trees", 0, Integer.MAX_VALUE);
        if (numTrees != trees.size()) throw bad("num_trees " + numTrees + " but " + trees.size() + " trees");
        long[] info = longs(model.get("tree_info"), "tree_info");
        if (info.length != numTrees) throw bad("tree_info has " + info.length + " entries for " + numTrees + " trees");
        for (long v : info) if (v != 0) throw bad("tree_info names output group " + v + ", expected 0 (one output)");
        if (model.containsKey("iteration_indptr")) {
            long[] indptr = longs(model.get("iteration_indptr"), "iteration_indptr");
            if (indptr.length != numTrees + 1) throw bad("iteration_indptr has " + indptr.length + " entries for " + numTrees + " trees");
            for (int i = 0; i < indptr.length; i++) if (indptr[i] != i) throw bad("iteration_indptr[" + i + "] = " + indptr[i]);
        }
        if (model.containsKey("cats")) {
            for (Map.Entry<String, Object> e : object(model.get("cats"), "cats").entrySet()) {
                if (length(e.getValue()) != 0) throw bad("categorical encoding '" + e.getKey() + "' is not supported");
            }
        }
        List<Tree> checked = new ArrayList<>(trees.size());
        double reach = Math.abs(base);
        for (int t = 0; t < trees.size(); t++) {
            Tree tree = tree(object(trees.get(t), "trees[" + t + "]"), t, numFeature);
            checked.add(tree);
            reach += tree.largestLeaf();
        }
        // XGBoost sums leaves in float: a margin that could overflow would predict infinity or NaN for some row.
        if (!(reach < MAX_MARGIN)) throw bad("leaf values could sum to " + reach + ", beyond " + MAX_MARGIN + " (float overflow)");

        Ubjson.Writer w = new Ubjson.Writer();
        w.beginObject().key("learner").beginObject();
        w.key("attributes").beginObject().endObject();
        w.key("feature_names").emptyArray();
        w.key("feature_types").emptyArray();
        w.key("gradient_booster").beginObject();
        w.key("model").beginObject();
        w.key("cats").beginObject().key("enc").emptyArray().key("feature_segments").ints(new int[0]).key("sorted_idx").ints(new int[0])
                .endObject();
        w.key("gbtree_model_param").beginObject().key("num_parallel_tree").string("1").key("num_trees").string(Integer.toString(numTrees))
                .endObject();
        long[] indptr = new long[numTrees + 1];
        for (int i = 0; i <= numTrees; i++) indptr[i] = i;
        w.key("iteration_indptr").integers(indptr);
        w.key("tree_info").integers(new long[numTrees]);
        w.key("trees").beginArray(numTrees);
        for (Tree t : checked) t.write(w, numFeature);
        w.endObject(); // model
        w.key("name").string("gbtree");
        w.endObject(); // gradient_booster
        w.key("learner_model_param").beginObject().key("base_score").string(baseScore).key("boost_from_average").string(boostFromAverage)
                .key("num_class").string(numClass).key("num_feature").string(Integer.toString(numFeature)).key("num_target").string(numTarget)
                .endObject();
        w.key("objective").beginObject();
        w.key("name").string(objName);
        for (Map.Entry<String, Object> e : objective.entrySet()) {
            if (e.getKey().equals("name")) continue;
            w.key(e.getKey()).beginObject();
            for (Map.Entry<String, Object> p : object(e.getValue(), e.getKey()).entrySet()) w.key(p.getKey()).string((String) p.getValue());
            w.endObject();
        }
        w.endObject(); // objective
        w.endObject(); // learner
        w.key("version").integers(version);
        w.endObject();
        return w.toBytes();
    }

    /** One checked tree: node arrays of equal length forming a proper binary tree. */
    private record Tree(int id, String sizeLeafVector, float[] baseWeights, byte[] defaultLeft, int[] left, int[] right, float[] lossChanges,
                        int[] parents, float[] conditions, int[] indices, byte[] splitType, float[] hessian) {
        /** The largest |leaf value| (a leaf's split_condition holds its value). */
        double largestLeaf() {
            double max = 0;
            for (int i = 0; i < left.length; i++) if (left[i] == -1) max = Math.max(max, Math.abs(conditions[i]));
            return max;
        }

        void write(Ubjson.Writer w, int numFeature) {
            w.beginObject();
            w.key("base_weights").floats(baseWeights);
            w.key("categories").ints(new int[0]);
            w.key("categories_nodes").ints(new int[0]);
            w.key("categories_segments").longs(new long[0]);
            w.key("categories_sizes").longs(new long[0]);
            w.key("default_left").unsignedBytes(defaultLeft);
            w.key("id").integer(id);
            w.key("left_children").ints(left);
            w.key("loss_changes").floats(lossChanges);
            w.key("parents").ints(parents);
            w.key("right_children").ints(right);
            w.key("split_conditions").floats(conditions);
            w.key("split_indices").ints(indices);
            w.key("split_type").unsignedBytes(splitType);
            w.key("sum_hessian").floats(hessian);
            w.key("tree_param").beginObject().key("num_deleted").string("0").key("num_feature").string(Integer.toString(numFeature))
                    .key("num_nodes").string(Integer.toString(left.length)).key("size_leaf_vector").string(sizeLeafVector).endObject();
            w.endObject();
        }
    }

    private static Tree tree(Map<String, Object> t, int index, int numFeature) {
        String where = "tree " + index;
        long id = ((Number) require(t.get("id"), where + " id")).longValue();
        if (id != index) throw bad(where + " has id " + id);
        Map<String, Object> tp = object(t.get("tree_param"), where + " tree_param");
        int n = intString(tp.get("num_nodes"), where + " num_nodes", 1, Integer.MAX_VALUE);
        choice(tp.get("num_deleted"), where + " num_deleted", "0");
        String sizeLeafVector = choice(tp.get("size_leaf_vector"), where + " size_leaf_vector", "0", "1");
        int treeFeatures = intString(tp.get("num_feature"), where + " num_feature", 0, Integer.MAX_VALUE);
        if (treeFeatures != numFeature) throw bad(where + " num_feature " + treeFeatures + " but the model has " + numFeature);
        int[] left = ints(t.get("left_children"), n, where + " left_children");
        int[] right = ints(t.get("right_children"), n, where + " right_children");
        int[] parents = ints(t.get("parents"), n, where + " parents");
        int[] indices = ints(t.get("split_indices"), n, where + " split_indices");
        float[] conditions = finite(t.get("split_conditions"), n, where + " split_conditions");
        float[] baseWeights = finite(t.get("base_weights"), n, where + " base_weights");
        float[] lossChanges = finite(t.get("loss_changes"), n, where + " loss_changes");
        float[] hessian = finite(t.get("sum_hessian"), n, where + " sum_hessian");
        byte[] defaultLeft = flags(t.get("default_left"), n, where + " default_left", 1);
        byte[] splitType = t.containsKey("split_type") ? flags(t.get("split_type"), n, where + " split_type", 0) : new byte[n];
        for (String cat : List.of("categories", "categories_nodes", "categories_segments", "categories_sizes")) {
            if (t.containsKey(cat) && length(t.get(cat)) != 0) throw bad(where + " has categorical splits (" + cat + ")");
        }
        if (parents[0] != ROOT_PARENT && parents[0] != -1) throw bad(where + " root has parent " + parents[0]);
        boolean[] seen = new boolean[n];
        int[] queue = new int[n];
        int head = 0, tail = 0;
        queue[tail++] = 0;
        seen[0] = true;
        while (head < tail) {
            int node = queue[head++];
            if (indices[node] < 0 || indices[node] >= numFeature) {
                throw bad(where + " node " + node + " splits on feature " + indices[node] + ", the model has " + numFeature);
            }
            if (left[node] == -1 && right[node] == -1) continue;
            for (int child : new int[] {left[node], right[node]}) {
                if (child <= 0 || child >= n) throw bad(where + " node " + node + " has child " + child + " outside 1.." + (n - 1));
                if (seen[child]) throw bad(where + " node " + child + " is reached twice");
                if (parents[child] != node) throw bad(where + " node " + child + " names parent " + parents[child] + ", expected " + node);
                seen[child] = true;
                queue[tail++] = child;
            }
        }
        if (tail != n) throw bad(where + " has " + n + " nodes but " + tail + " are reachable from the root");
        return new Tree(index, sizeLeafVector, baseWeights, defaultLeft, left, right, lossChanges, parents, conditions, indices, splitType, hessian);
    }

    private static IllegalArgumentException bad(String what) {
        return new IllegalArgumentException(what);
    }

    private static Object require(Object v, String what) {
        if (v == null) throw bad(what + " is missing");
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object v, String what) {
        if (!(require(v, what) instanceof Map)) throw bad(what + " is not an object");
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object v, String what) {
        if (!(require(v, what) instanceof List)) throw bad(what + " is not an array");
        return (List<Object>) v;
    }

    private static String string(Object v, String what) {
        if (!(require(v, what) instanceof String s)) throw bad(what + " is not a string");
        return s;
    }

    private static String choice(Object v, String what, String... allowed) {
        String s = string(v, what);
        for (String a : allowed) if (a.equals(s)) return s;
        throw bad(what + " is '" + s + "', expected one of " + List.of(allowed));
    }

    private static int intString(Object v, String what, int min, int max) {
        String s = string(v, what);
        if (!s.matches("[0-9]{1,10}")) throw bad(what + " '" + s + "' is not a count");
        long n = Long.parseLong(s);
        if (n < min || n > max) throw bad(what + " " + n + " outside " + min + ".." + max);
        return (int) n;
    }

    private static int length(Object v) {
        if (v instanceof List<?> l) return l.size();
        if (v instanceof int[] a) return a.length;
        if (v instanceof long[] a) return a.length;
        if (v instanceof float[] a) return a.length;
        if (v instanceof double[] a) return a.length;
        if (v instanceof byte[] a) return a.length;
        throw bad("expected an array, found " + (v == null ? "nothing" : v.getClass().getSimpleName()));
    }

    /** Integers from a typed or untyped array. */
    private static long[] longs(Object v, String what) {
        require(v, what);
        if (v instanceof long[] a) return a;
        if (v instanceof int[] a) {
            long[] out = new long[a.length];
            for (int i = 0; i < a.length; i++) out[i] = a[i];
            return out;
        }
        if (v instanceof byte[] a) {
            long[] out = new long[a.length];
            for (int i = 0; i < a.length; i++) out[i] = a[i] & 0xff;
            return out;
        }
        List<Object> l = list(v, what);
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Long x)) throw bad(what + "[" + i + "] is not an integer");
            out[i] = x;
        }
        return out;
    }

    private static int[] ints(Object v, int n, String what) {
        long[] a = longs(v, what);
        if (a.length != n) throw bad(what + " has " + a.length + " entries, expected " + n);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            if (a[i] < Integer.MIN_VALUE || a[i] > Integer.MAX_VALUE) throw bad(what + "[" + i + "] = " + a[i] + " out of range");
            out[i] = (int) a[i];
        }
        return out;
    }

    private static byte[] flags(Object v, int n, String what, int max) {
        long[] a = longs(v, what);
        if (a.length != n) throw bad(what + " has " + a.length + " entries, expected " + n);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            if (a[i] < 0 || a[i] > max) throw bad(what + "[" + i + "] = " + a[i] + ", expected 0.." + max);
            out[i] = (byte) a[i];
        }
        return out;
    }

    private static float[] finite(Object v, int n, String what) {
        require(v, what);
        float[] out;
        if (v instanceof float[] a) {
            out = a;
        } else {
            List<Object> l = list(v, what);
            out = new float[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Number x)) throw bad(what + "[" + i + "] is not a number");
                out[i] = x.floatValue();
            }
        }
        if (out.length != n) throw bad(what + " has " + out.length + " entries, expected " + n);
        for (int i = 0; i < n; i++) if (!Float.isFinite(out[i])) throw bad(what + "[" + i + "] = " + out[i] + " is not finite");
        return out;
    }
}
