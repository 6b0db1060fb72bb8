package dev.clm.features;

import java.util.List;
import java.util.Map;

/**
 * An example user family, written only against the public API: the close's position in its
 * {@code period}-bar high-low channel ({@code donchian_pos_p}, 0.5 for a zero range), the opening
 * gap {@code log(open / previous close)} and an EMA of the bar range relative to the close
 * ({@code range_ema_p}, recursive: seeded at the segment start). Test-only.
 */
class DonchianFamily implements FeatureFamily {
    static final String NAME = "donchian";
    static final FeatureFamily.Factory FACTORY = p -> new DonchianFamily(Integer.parseInt(p.getOrDefault("period", "20")));

    private final int period;

    DonchianFamily(int period) {
        if (period < 2) throw new IllegalArgumentException("period must be >= 2, was " + period);
        this.period = period;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("period", Integer.toString(period));
    }

    @Override
    public List<String> columns() {
        return List.of("donchian_pos_" + period, "gap_ret", "range_ema_" + period);
    }

    @Override
    public int warmup(int column) {
        return switch (column) {
            case 0 -> period - 1;
            case 1 -> 1;
            default -> 3 * period;
        };
    }

    @Override
    public int lookback() {
        return period;
    }

    @Override
    public Computer newComputer() {
        double alpha = 2.0 / (period + 1);
        return new Computer() {
            private double ema;

            @Override
            public void reset() {
                ema = 0;
            }

            @Override
            public void compute(FeatureBlock b, double[][] out) {
                double[] o = b.open(), h = b.high(), l = b.low(), c = b.close();
                int seg = b.segmentStart();
                double[] pos = out[0], gap = out[1], range = out[2];
                for (int j = b.first(); j < b.end(); j++) {
                    double hh = h[j], ll = l[j];
                    for (int k = Math.max(seg, j - period + 1); k < j; k++) {
                        hh = Math.max(hh, h[k]);
                        ll = Math.min(ll, l[k]);
                    }
                    pos[j] = hh == ll ? 0.5 : (c[j] - ll) / (hh - ll);
                    gap[j] = j > seg ? Math.log(o[j] / c[j - 1]) : 0;
                    double x = (h[j] - l[j]) / c[j];
                    ema = j == seg ? x : ema + (x - ema) * alpha;
                    range[j] = ema;
                }
            }
        };
    }
}
