package dev.clm.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.ModelType;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.contract.MutableClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The proofs of the promotion policy, on simulated trades (bounded: a few seconds). */
class PolicySimulationTest {
    static final MutableClock CLOCK = MutableClock.at("2026-01-01T00:00:00Z");
    /** The live setting: a decision at 1,000 samples with outcomes, horizon-1 forecasts. */
    static final ShadowPolicyConfig LIVE = ShadowPolicyConfig.defaults().withMinImprovement(0).withMinSamples(1000).withForecastHorizon(1);
    static final ShadowEvaluator EVALUATOR = new ShadowEvaluator(LIVE, CLOCK);
    static final ShadowEvaluator LENIENT = new ShadowEvaluator(LIVE.withHitRate(HitRateRequirement.NOT_WORSE), CLOCK);

    static ShadowTestResult decide(PairedForecasts p) {
        return EVALUATOR.evaluateLive(ModelType.XGBOOST, "s1", "a1", p, 1);
    }

    static ShadowEvaluator evaluator(HitRateRequirement mode) {
        return mode == HitRateRequirement.NOT_WORSE ? LENIENT : EVALUATOR;
    }

    @Nested
    @DisplayName("reference scenario: 1,000 simulated trades")
    class Reference {
        @Test
        void betterShadowIsPromoted() {
            ShadowTestResult r = decide(TradeSimulator.trades(1000, 0.55, 0.62, 0.3, 1));
            assertThat(r.decision()).as(r.reason()).isEqualTo(ShadowDecision.PROMOTE);
            assertThat(r.candidateDirectionAccuracy()).isGreaterThan(r.activeDirectionAccuracy());
            assertThat(r.statistics().get("loss_p_value")).isLessThan(0.05);
        }

        @Test
        void equalSkillIsNotPromoted() {
            ShadowTestResult r = decide(TradeSimulator.trades(1000, 0.55, 0.55, 0.3, 2));
            assertThat(r.decision()).as(r.reason()).isNotEqualTo(ShadowDecision.PROMOTE);
        }

        @Test
        void worseShadowIsRejected() {
            ShadowTestResult r = decide(TradeSimulator.trades(1000, 0.62, 0.55, 0.3, 3));
            assertThat(r.decision()).as(r.reason()).isEqualTo(ShadowDecision.REJECT);
        }
    }

    @Nested
    @DisplayName("how the tests are combined")
    class Combination {
        final PromotionPolicy policy = new PromotionPolicy(LIVE);

        /** A comparison with the given one-sided p-values (two-sided DM p = twice the one-sided), 10% lower loss. */
        ShadowComparison comparison(double dmOneSided, double hitOneSided) {
            SideMetrics active = new SideMetrics(0.55, 1000, 0.010, 0.012, 0.010, 0.0, 0.0, 0.05);
            SideMetrics shadow = new SideMetrics(0.60, 1000, 0.009, 0.011, 0.009, 0.0, 0.0, 0.05);
            var loss = new dev.clm.stats.BlockTest.Result(0.001, 0.0005, 0, 0.002, 1.8, dmOneSided, 1 - dmOneSided, 10, 8, 80, 1000);
            var hit = new dev.clm.stats.BlockTest.Result(0.05, 0.02, 0, 0.1, 1.8, hitOneSided, 1 - hitOneSided, 10, 8, 80, 1000);
            return new ShadowComparison(1000, active, shadow, 0.10, loss, loss, hit, 120, 80, hitOneSided, 1 - hitOneSided, 0.05, 0.5,
                    0.0, 0.001, 60_000, 0.0105, loss, hit);
        }

        @Test
        void promotionIsOneSidedOnBothTests() {
            // Significant one-sided (p = 0.04) but not two-sided (0.08): a two-sided test would waste power here.
            assertThat(policy.decide(comparison(0.04, 0.04), 0.05).decision()).isEqualTo(ShadowDecision.PROMOTE);
        }

        @Test
        void eachTestRunsAtTheFullAlphaNotAtABonferroniShare() {
            // Intersection-union: every test must pass, so each may use alpha itself (alpha / 2 would refuse 0.03).
            assertThat(policy.decide(comparison(0.03, 0.03), 0.05).decision()).isEqualTo(ShadowDecision.PROMOTE);
            assertThat(policy.decide(comparison(0.03, 0.06), 0.05).decision()).isEqualTo(ShadowDecision.REJECT);
            assertThat(policy.decide(comparison(0.06, 0.03), 0.05).decision()).isEqualTo(ShadowDecision.REJECT);
        }
    }

    @Nested
    @DisplayName("false promotions and power")
    class Rates {
        static final int RUNS = 500;
        static final int PER_HOUR = 50;

        /** Looks every hour (every 50 samples) until the 1,000-sample target; any PROMOTE counts. */
        boolean promotedAtSomeLook(PairedForecasts all, ShadowEvaluator e) {
            for (int n = PER_HOUR; n <= all.size(); n += PER_HOUR) {
                if (e.evaluateLive(ModelType.XGBOOST, "s1", "a1", all.head(n), 1).recommendPromotion()) return true;
            }
            return false;
        }

        @ParameterizedTest(name = "latent correlation {0}, hit rate {1}")
        @CsvSource({"0.3, BETTER", "0.7, BETTER"})
        void exchangeableAaTestsLookedAtHourlyPromoteAtMostFivePercent(double rho, HitRateRequirement mode) {
            int promoted = 0;
            for (int i = 0; i < RUNS; i++) {
                if (promotedAtSomeLook(TradeSimulator.trades(1000, 0.55, 0.55, rho, 50_000 + i), evaluator(mode))) promoted++;
            }
            double rate = promoted / (double) RUNS;
            System.out.printf("A/A (equal skill, rho %.1f, %s) false promotion rate with hourly looks: %.3f%n", rho, mode, rate);
            assertThat(rate).isLessThanOrEqualTo(0.05);
        }

        /** NOT_WORSE leaves only the Diebold–Mariano test: its size is alpha, so the rate scatters around 5%. */
        @Test
        void withOnlyTheHitRateGuardTheRateIsAboutAlpha() {
            int promoted = 0;
            for (int i = 0; i < RUNS; i++) {
                if (promotedAtSomeLook(TradeSimulator.trades(1000, 0.55, 0.55, 0.3, 50_000 + i), LENIENT)) promoted++;
            }
            double rate = promoted / (double) RUNS;
            System.out.printf("A/A (equal skill, rho 0.3, NOT_WORSE) false promotion rate with hourly looks: %.3f%n", rate);
            assertThat(rate).isBetween(0.02, 0.09);
        }

        @Test
        void activePlusNoiseAaTestsLookedAtHourlyPromoteAtMostFivePercent() {
            int promoted = 0;
            for (int i = 0; i < RUNS; i++) {
                if (promotedAtSomeLook(TradeSimulator.activePlusNoise(1000, 0.55, 0.002, 60_000 + i), EVALUATOR)) promoted++;
            }
            double rate = promoted / (double) RUNS;
            System.out.printf("A/A (active + noise) false promotion rate with hourly looks: %.3f%n", rate);
            assertThat(rate).isLessThanOrEqualTo(0.05);
        }

        @Test
        void naivePeekingWouldInflateFalsePromotions() {
            // The same tests at level alpha re-run on all data at every hourly look (no fixed horizon).
            ShadowPolicyConfig cfg = LIVE.withMinSamples(100);
            PromotionPolicy naive = new PromotionPolicy(cfg);
            int promoted = 0;
            for (int i = 0; i < RUNS; i++) {
                PairedForecasts all = TradeSimulator.trades(1000, 0.55, 0.55, 0.3, 50_000 + i);
                for (int n = 100; n <= 1000; n += PER_HOUR) {
                    ShadowComparison c = ShadowComparison.compute(all, n, cfg);
                    if (naive.decide(c, cfg.alpha()).decision() == ShadowDecision.PROMOTE) {
                        promoted++;
                        break;
                    }
                }
            }
            double rate = promoted / (double) RUNS;
            System.out.printf("A/A false promotion rate when peeking without a fixed horizon: %.3f%n", rate);
            assertThat(rate).isGreaterThan(0.05);
        }

        /** Share of the trades on which active and shadow call the same direction. */
        static double agreement(PairedForecasts p) {
            int same = 0;
            for (int k = 0; k < p.size(); k++) if (Math.signum(p.active()[k]) == Math.signum(p.shadow()[k])) same++;
            return same / (double) p.size();
        }

        /**
         * The scenario of the power proof: a 5-point hit-rate edge (0.55 to 0.60, forecast sizes
         * unrelated to being right) at 1,000 samples, with latent correlation 0.7 between the two
         * models being right, which makes them call the same direction on about 75% of the trades
         * (asserted below): typical of a retrained model against its predecessor. Power depends
         * on that agreement because a paired test only learns from the trades where the two
         * disagree; at lower agreement see {@link #withIndependentModelsNoValidTestReaches80Percent}.
         */
        @ParameterizedTest(name = "hit rate {0}")
        @EnumSource(value = HitRateRequirement.class, names = {"NOT_WORSE", "BETTER"})
        void aFivePointHitRateEdgeAtOneThousandSamplesIsPromotedAtLeast80Percent(HitRateRequirement mode) {
            int promoted = 0;
            double agreement = 0;
            for (int i = 0; i < RUNS; i++) {
                PairedForecasts p = TradeSimulator.trades(1000, 0.55, 0.60, 0.7, 70_000 + i);
                agreement += agreement(p) / RUNS;
                if (evaluator(mode).evaluateLive(ModelType.XGBOOST, "s1", "a1", p, 1).recommendPromotion()) promoted++;
            }
            double power = promoted / (double) RUNS;
            System.out.printf("power for 0.55 -> 0.60 at 1,000 samples (latent correlation 0.7, directional agreement %.3f, %s): %.3f%n",
                    agreement, mode, power);
            assertThat(agreement).isBetween(0.72, 0.78);
            assertThat(power).isGreaterThanOrEqualTo(0.80);
        }

        /**
         * Independent models (agreement about 50%): the hit-rate difference of n paired trades has
         * variance {@code (p_a (1 - p_a) + p_s (1 - p_s)) / n}, so the most powerful one-sided
         * level-5% test of it (a z-test on the mean shift; McNemar is its exact form) has power
         * {@code Phi(0.05 / sd - 1.645)} = 0.732 at n = 1,000, and needs n = 1,206 for 80%. No
         * valid test reaches 80% there. The policy asks for more (the Diebold–Mariano test on the
         * absolute error as well), so its power is lower still; the test shows both in simulation.
         */
        @Test
        void withIndependentModelsNoValidTestReaches80Percent() {
            double pa = 0.55, ps = 0.60, z = 1.6448536269514722, zPower = 0.8416212335729143;
            double var = pa * (1 - pa) + ps * (1 - ps);
            double bound = new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1)
                    .cumulativeProbability((ps - pa) / Math.sqrt(var / 1000) - z);
            double n80 = Math.pow(z + zPower, 2) * var / Math.pow(ps - pa, 2);
            int runs = 400, hitOnly = 0, policy = 0;
            double agreement = 0;
            for (int i = 0; i < runs; i++) {
                PairedForecasts p = TradeSimulator.trades(1000, pa, ps, 0.0, 80_000 + i);
                agreement += agreement(p) / runs;
                ShadowComparison c = ShadowComparison.compute(p, 1000, LIVE);
                if (c.hitTestPValue() < LIVE.alpha()) hitOnly++;
                if (decide(p).recommendPromotion()) policy++;
            }
            double hitPower = hitOnly / (double) runs, policyPower = policy / (double) runs;
            System.out.printf("independent models (agreement %.3f), 0.55 -> 0.60 at 1,000 samples: bound for any level-5%% test on hits "
                    + "%.3f (80%% needs n = %.0f); simulated hit fold test alone %.3f, policy (BETTER) %.3f%n", agreement, bound, n80, hitPower,
                    policyPower);
            assertThat(agreement).isBetween(0.47, 0.53);
            assertThat(bound).isCloseTo(0.732, org.assertj.core.data.Offset.offset(0.001));
            assertThat(Math.ceil(n80)).isEqualTo(1206.0);
            // The hit test is a t-test on 10 time folds (9 degrees of freedom), not McNemar on rows assumed
            // independent: it pays some power for not trusting independence, and stays below the bound.
            assertThat(hitPower).isLessThanOrEqualTo(bound + 0.03).isGreaterThan(0.55).isLessThan(0.80);
            assertThat(policyPower).isLessThanOrEqualTo(hitPower).isGreaterThan(0.5);
        }
    }
}
