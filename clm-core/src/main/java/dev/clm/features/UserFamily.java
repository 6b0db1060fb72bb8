package dev.clm.features;

/** Runs a user's {@link FeatureFamily} as one of the kernel's column families. One instance per symbol. */
final class UserFamily implements ColumnFamily {
    private final FeatureFamily.Computer computer;
    private final FeatureBlock view;
    private final double[][] out;

    UserFamily(FeatureFamily family, FeatureLayout layout, BarBlock block) {
        computer = family.newComputer();
        if (computer == null) throw new IllegalStateException("feature family '" + family.name() + "' created no computer");
        view = new FeatureBlock(block);
        out = new double[family.columns().size()][];
        for (int c = 0; c < out.length; c++) out[c] = block.historyOutput(layout, family.columns().get(c));
    }

    @Override
    public void reset() {
        computer.reset();
    }

    @Override
    public void compute(BarBlock b) {
        computer.compute(view, out);
    }
}
