package dev.clm.shadow;

/**
 * Trading-style metrics of one side (active or shadow) over the same samples.
 *
 * <p>PnL is the directional unit-position PnL {@code sign(prediction) * realisedReturn} (in
 * return units), so both sides are measured the same way even though only the active model
 * traded. Sharpe is per trade (mean / standard deviation of that PnL, not annualised). Max
 * drawdown is the largest peak-to-trough fall of the cumulative PnL (>= 0).
 *
 * @param hitRate            share of directional samples (prediction and return both non-zero)
 *                           whose signs agree; 0.5 (chance) when there are none
 * @param directionalSamples samples the hit rate is computed over
 */
public record SideMetrics(double hitRate, long directionalSamples, double mae, double rmse, double meanLoss,
                          double meanPnl, double sharpe, double maxDrawdown) {

    static SideMetrics of(double[] prediction, double[] realised, int n, LossFunction loss) {
        long hits = 0, directional = 0;
        double absSum = 0, sqSum = 0, lossSum = 0, pnlSum = 0, pnlSq = 0;
        double cum = 0, peak = 0, maxDd = 0;
        for (int i = 0; i < n; i++) {
            double p = prediction[i], r = realised[i];
            double e = p - r;
            absSum += Math.abs(e);
            sqSum += e * e;
            lossSum += loss.loss(p, r);
            double pr = p * r;
            if (pr != 0) {
                directional++;
                if (pr > 0) hits++;
            }
            double pnl = Math.signum(p) * r;
            pnlSum += pnl;
            pnlSq += pnl * pnl;
            cum += pnl;
            if (cum > peak) peak = cum;
            if (peak - cum > maxDd) maxDd = peak - cum;
        }
        if (n == 0) return new SideMetrics(0.5, 0, 0, 0, 0, 0, 0, 0);
        double meanPnl = pnlSum / n;
        double var = n > 1 ? Math.max(0, (pnlSq - n * meanPnl * meanPnl) / (n - 1)) : 0;
        double sharpe = var > 0 ? meanPnl / Math.sqrt(var) : 0;
        double hitRate = directional == 0 ? 0.5 : hits / (double) directional;
        return new SideMetrics(hitRate, directional, absSum / n, Math.sqrt(sqSum / n), lossSum / n, meanPnl, sharpe, maxDd);
    }
}
