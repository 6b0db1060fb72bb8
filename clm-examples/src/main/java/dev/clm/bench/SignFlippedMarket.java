package dev.clm.bench;

import dev.clm.api.BarSeries;
import dev.clm.api.MarketData;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Real candles whose bar-to-bar log returns are multiplied by a random sign drawn once per
 * timestamp and shared by every symbol. Volatility clustering, fat tails and the correlation
 * between symbols stay those of the real market, but nothing about the sign of a future return
 * can be learned from the past: a market where the honest answer is "no skill". The open is the
 * previous (flipped) close; high and low keep their real distance from the body.
 */
final class SignFlippedMarket extends DerivedMarket {

    SignFlippedMarket(MarketData real, long seed, Clock clock) {
        super(clock);
        List<BarSeries> out = new ArrayList<>();
        for (BarSeries s : real.series()) out.add(flip(s, seed));
        serve(new MarketData(out));
    }

    private static int sign(long timestamp, long seed) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ timestamp).nextBoolean() ? 1 : -1;
    }

    private static BarSeries flip(BarSeries s, long seed) {
        int n = s.size();
        double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n];
        double[] ro = s.open(), rh = s.high(), rl = s.low(), rc = s.close();
        long[] ts = s.timestamps();
        c[0] = rc[0];
        o[0] = ro[0];
        for (int i = 1; i < n; i++) {
            double r = Math.log(rc[i] / rc[i - 1]) * sign(ts[i], seed);
            o[i] = c[i - 1];
            c[i] = c[i - 1] * Math.exp(r);
        }
        for (int i = 0; i < n; i++) {
            double realTop = Math.max(ro[i], rc[i]), realBottom = Math.min(ro[i], rc[i]);
            h[i] = Math.max(o[i], c[i]) * Math.max(1.0, rh[i] / realTop);
            l[i] = Math.min(o[i], c[i]) * Math.min(1.0, rl[i] / realBottom);
        }
        return new BarSeries(s.symbol(), ts.clone(), o, h, l, c, s.volume().clone());
    }

    @Override
    public String describeSource() {
        return "real candles with bar returns times a random sign per timestamp shared by all symbols (" + all().symbols() + ")";
    }
}
