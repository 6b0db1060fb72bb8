package dev.clm.models.trees;

/**
 * Breadth-first node layout shared by the flat evaluators' fast path: every internal node's
 * two children get consecutive ids (right = left + 1), so a step is
 * {@code node = left[node] + (goRight ? 1 : 0)} without a branch; a leaf is a node that steps
 * to itself, so trees of different depths can be walked the same number of steps side by
 * side. Used only while compiling; not thread-safe.
 */
final class TreeLayout {
    /** Children of a tree in the library's own numbering; a child {@code < 0} marks "none" (leaf). */
    interface Source {
        boolean isLeaf(int node);

        int left(int node);

        int right(int node);
    }

    /** Library node id -> laid-out id for each node of one tree, and the tree's depth in steps. */
    record Placed(int[] id, int[] order, int depth) {}

    private TreeLayout() {}

    /**
     * Places one tree's {@code n} nodes starting at global id {@code base}, breadth first, each
     * pair of children adjacent. {@code order[k]} is the library id placed at {@code base + k}.
     */
    static Placed place(Source tree, int root, int n, int base) {
        int[] id = new int[n];
        int[] order = new int[n];
        int[] depthOf = new int[n];
        java.util.Arrays.fill(id, -1);
        int head = 0, tail = 0, depth = 0;
        order[tail++] = root;
        id[root] = base;
        while (head < tail) {
            int node = order[head++];
            if (tree.isLeaf(node)) {
                depth = Math.max(depth, depthOf[node]);
                continue;
            }
            int l = tree.left(node), r = tree.right(node);
            id[l] = base + tail;
            order[tail++] = l;
            id[r] = base + tail;
            order[tail++] = r;
            depthOf[l] = depthOf[r] = depthOf[node] + 1;
        }
        if (tail != n) throw new IllegalArgumentException("tree has " + n + " nodes but " + tail + " are reachable from the root");
        return new Placed(id, order, depth);
    }
}
