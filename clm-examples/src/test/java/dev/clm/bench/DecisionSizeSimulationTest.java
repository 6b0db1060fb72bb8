package dev.clm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The size proofs of {@link DecisionSizeSimulation} at a bounded number of decisions (the
 * large-n run is {@link DecisionSizeBenchmark}). Each bound is the nominal level plus about two
 * binomial standard errors at this n: a rule that ignored the dependence (the former Newey–West
 * on pooled rows) fails it, as the last test shows.
 */
class DecisionSizeSimulationTest {
    static final int N = 400;
    /** 5% plus two binomial standard errors at n = 400 (sqrt(0.05 x 0.95 / 400) = 1.1%). */
    static final double BOUND = 0.072;

    @Test
    @DisplayName("the A/A models both beat the zero forecast, so the comparison with the active is what decides")
    void aaModelsHaveSkill() {
        double skill = DecisionSizeSimulation.meanSkillVsZero(50, 10_000);
        System.out.printf("A/A models' mean MAE reduction over zero: %.4f%n", skill);
        assertThat(skill).isGreaterThan(0.01);
    }

    @Test
    @DisplayName("replay A/A on 8 correlated symbols with overlapping 12-bar labels promotes at most about 5%")
    void replay() {
        double rate = DecisionSizeSimulation.replayAa(N, 11_000) / (double) N;
        System.out.printf("replay A/A false promotion rate: %.4f%n", rate);
        assertThat(rate).isLessThanOrEqualTo(BOUND);
    }

    @Test
    @DisplayName("promotion against zero alone of a candidate exactly as good as zero, on a walk-forward-long window, at most about 5%")
    void versusZeroOnALongWindow() {
        double rate = DecisionSizeSimulation.replayVsZero(N, 16_000, 1_500) / (double) N;
        System.out.printf("promotion vs zero of a no-skill candidate, 1,500 hours: %.4f%n", rate);
        assertThat(rate).isLessThanOrEqualTo(BOUND);
    }

    @Test
    @DisplayName("live A/A (recorded samples, symbols a few ms apart) promotes at most about 5%")
    void live() {
        double rate = DecisionSizeSimulation.liveAa(N, 12_000) / (double) N;
        System.out.printf("live A/A false promotion rate: %.4f%n", rate);
        assertThat(rate).isLessThanOrEqualTo(BOUND);
    }

    @Test
    @DisplayName("the decay/demotion rule fires on at most about 5% of checks of a model as good as zero")
    void decay() {
        double rate = DecisionSizeSimulation.decayBoundary(N, 13_000) / (double) N;
        System.out.printf("decay/demotion rate at the boundary: %.4f%n", rate);
        assertThat(rate).isLessThanOrEqualTo(BOUND);
    }

    @Test
    @DisplayName("the rollback watch of an equally good version concludes 'degraded' at most about 1%")
    void rollback() {
        int n = 200;
        double rate = DecisionSizeSimulation.rollbackAa(n, 14_000) / (double) n;
        System.out.printf("rollback watch A/A rate: %.4f%n", rate);
        assertThat(rate).isLessThanOrEqualTo(0.025);
    }

    @Test
    @DisplayName("the former statistic (Newey-West lag 11 rows on pooled rows) fails the same bound")
    void formerRuleIsOversized() {
        double rate = DecisionSizeSimulation.rowsNeweyWestAa(N, 15_000) / (double) N;
        System.out.printf("former rule A/A rejection rate: %.4f%n", rate);
        assertThat(rate).isGreaterThan(BOUND);
    }
}
