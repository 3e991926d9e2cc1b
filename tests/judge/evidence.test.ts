/**
 * The judge's tests: e-values computed by hand, exact validity under the hypergeometric null (enumerated), the
 * sequential false-alarm rate under many looks (simulated with a fixed seed), and power for the regressions the
 * issue names. Expected values are derived in the comments next to each assertion.
 */
import { seededRandom } from '../../packages/judge/eval/random';
import { equalWeightGrid, logTiltFactor, mixtureEValue, type TiltStratum } from '../../packages/judge/stats/e-value';
import { bucketsFromCumulative, histogramQuantile, midRankScores, type BucketCounts } from '../../packages/judge/stats/histogram';
import { logChoose, logSumExp } from '../../packages/judge/stats/special';
import { errorShareStrata, errorShareTest, ERROR_GRID, LATENCY_GRID, latencyRankStrata, latencyRankTest, limitTest } from '../../packages/judge/stats/tests';

describe('mixture e-value', () => {
  it('one canary error out of one, 50% share, tilt ln 2: e = 2 / (½ + ½·2) = 4/3', () => {
    const stratum: TiltStratum = { sum: 1, draws: 1, population: { scores: [1, 0], weights: [50, 50] } };
    expect(mixtureEValue([stratum], equalWeightGrid([Math.log(2)])).e).toBeCloseTo(4 / 3, 12);
  });

  it('multiplies over strata and averages over the grid', () => {
    const s: TiltStratum = { sum: 1, draws: 1, population: { scores: [1, 0], weights: [1, 1] } };
    // tilt ln 2: (4/3)² = 16/9; tilt ln 3: (3/2)² = 9/4; mixture = (16/9 + 9/4) / 2.
    expect(mixtureEValue([s, s], equalWeightGrid([Math.log(2), Math.log(3)])).e).toBeCloseTo((16 / 9 + 9 / 4) / 2, 12);
  });

  it('a stratum without draws contributes a factor of 1', () => {
    const empty: TiltStratum = { sum: 0, draws: 0, population: { scores: [1, 0], weights: [0, 0] } };
    expect(mixtureEValue([empty], ERROR_GRID).e).toBe(1);
  });
});

/** E[e] under the exact hypergeometric null: m errors among N requests of which C are the canary's. */
function expectedErrorEValue(total: number, canary: number, errors: number): number {
  let expectation = 0;
  for (let x = Math.max(0, errors - (total - canary)); x <= Math.min(errors, canary); x++) {
    const p = Math.exp(logChoose(canary, x) + logChoose(total - canary, errors - x) - logChoose(total, errors));
    const e = errorShareTest([{ canary: { requests: canary, errors: x }, primary: { requests: total - canary, errors: errors - x } }]).e;
    expectation += p * e;
  }
  return expectation;
}

describe('validity under the exact null', () => {
  it.each([
    [20, 1, 3],
    [20, 10, 10],
    [100, 5, 12],
    [200, 100, 40],
    [1000, 50, 5],
  ])('error share: E[e] <= 1 with %p requests, %p of them the canary, %p errors', (total, canary, errors) => {
    expect(expectedErrorEValue(total, canary, errors)).toBeLessThanOrEqual(1 + 1e-12);
  });

  it('latency ranks: E[e] <= 1 over every way to pick 3 canary requests out of buckets (3, 2, 4)', () => {
    const pooled = [3, 2, 4];
    let expectation = 0;
    for (let a = 0; a <= 3; a++) {
      for (let b = 0; b <= 2 && a + b <= 3; b++) {
        const c = 3 - a - b;
        if (c > 4) continue;
        const p = Math.exp(logChoose(3, a) + logChoose(2, b) + logChoose(4, c) - logChoose(9, 3));
        const canary: BucketCounts = { bounds: [10, 20], counts: [a, b, c] };
        const primary: BucketCounts = { bounds: [10, 20], counts: pooled.map((n, i) => n - canary.counts[i]) };
        expectation += p * latencyRankTest([{ canary, primary }]).e;
      }
    }
    expect(expectation).toBeLessThanOrEqual(1 + 1e-12);
  });

  it('a hard limit: E[e] <= 1 when the canary is exactly at the limit (binomial, exact sum)', () => {
    const n = 40;
    const limit = 0.05;
    let expectation = 0;
    for (let x = 0; x <= n; x++) {
      const p = Math.exp(logChoose(n, x) + x * Math.log(limit) + (n - x) * Math.log(1 - limit));
      expectation += p * limitTest(x, n, limit).e;
    }
    expect(expectation).toBeCloseTo(1, 10);
  });
});

describe('anytime validity: looking after every stratum', () => {
  it('a healthy canary crosses e = 100 in at most 1% of 2000 simulated analyses of 60 looks each', () => {
    const random = seededRandom(18);
    let alarms = 0;
    for (let run = 0; run < 2000; run++) {
      // The running log e-value per tilt, updated stratum by stratum (the same value as errorShareTest on all strata so far).
      const perTilt = ERROR_GRID.lambdas.map(() => 0);
      for (let k = 0; k < 60; k++) {
        const share = [0.05, 0.1, 0.2, 0.5][Math.min(3, Math.floor(k / 15))];
        const canaryRequests = random.poisson(100 * share * 15);
        const primaryRequests = random.poisson(100 * (1 - share) * 15);
        // Same 2% error rate on both sides, with a common-mode burst (10%) in strata 40-44.
        const rate = k >= 40 && k < 45 ? 0.1 : 0.02;
        const [stratum] = errorShareStrata([
          {
            canary: { requests: canaryRequests, errors: random.poisson(canaryRequests * rate) },
            primary: { requests: primaryRequests, errors: random.poisson(primaryRequests * rate) },
          },
        ]);
        ERROR_GRID.lambdas.forEach((lambda, j) => {
          perTilt[j] += logTiltFactor(stratum, lambda);
        });
        if (logSumExp(perTilt.map((l, j) => l + Math.log(ERROR_GRID.weights[j]))) >= Math.log(100)) {
          alarms++;
          break;
        }
      }
    }
    expect(alarms / 2000).toBeLessThanOrEqual(0.01);
  });

  it('the incremental update above equals errorShareTest on all strata', () => {
    const strata = [
      { canary: { requests: 50, errors: 2 }, primary: { requests: 950, errors: 9 } },
      { canary: { requests: 100, errors: 1 }, primary: { requests: 900, errors: 12 } },
    ];
    const perTilt = ERROR_GRID.lambdas.map((lambda) => errorShareStrata(strata).reduce((sum, s) => sum + logTiltFactor(s, lambda), 0));
    expect(logSumExp(perTilt.map((l, j) => l + Math.log(ERROR_GRID.weights[j])))).toBeCloseTo(errorShareTest(strata).logE, 12);
  });
});

describe('power for the regressions of issue 18', () => {
  it('0.5% -> 5% at 5% weight: 22 errors with the expected canary share (about 7.6) give e > 400', () => {
    // Canary share of errors under the regression: 0.05·5% / (0.05·5% + 0.95·0.5%) = 0.345; 22 errors -> 7.6.
    // 152 canary requests (7.6 errors) and 2888 primary requests (14.4 errors) at 5% weight.
    const e = errorShareTest([{ canary: { requests: 152, errors: 7.6 }, primary: { requests: 2888, errors: 14.4 } }]).e;
    expect(e).toBeGreaterThan(400);
  });

  it('the same counts split over strata give the same evidence when the share is constant', () => {
    const pooled = errorShareTest([{ canary: { requests: 150, errors: 8 }, primary: { requests: 2850, errors: 14 } }]);
    const split = errorShareTest([
      { canary: { requests: 75, errors: 4 }, primary: { requests: 1425, errors: 7 } },
      { canary: { requests: 75, errors: 4 }, primary: { requests: 1425, errors: 7 } },
    ]);
    expect(split.logE).toBeCloseTo(pooled.logE, 10);
  });

  it('a burst that hits both versions while the canary holds 50% is not blamed on the canary', () => {
    const strata = [
      { canary: { requests: 500, errors: 2 }, primary: { requests: 9500, errors: 48 } },
      { canary: { requests: 5000, errors: 250 }, primary: { requests: 5000, errors: 250 } },
    ];
    expect(errorShareTest(strata).e).toBeLessThan(1);
    // Pooled over the whole analysis the same counts look like a 10x regression.
    const pooled = [{ canary: { requests: 5500, errors: 252 }, primary: { requests: 14500, errors: 298 } }];
    expect(errorShareTest(pooled).e).toBeGreaterThan(1e6);
  });

  it('error strata: the errors are the draws and the requests the population', () => {
    expect(errorShareStrata([{ canary: { requests: 10, errors: 2 }, primary: { requests: 90, errors: 3 } }])).toEqual([
      { sum: 2, draws: 5, population: { scores: [1, 0], weights: [10, 90] } },
    ]);
  });
});

describe('latency histograms', () => {
  const cumulative = new Map<number, number>([
    [1, 10],
    [2, 20],
    [Number.POSITIVE_INFINITY, 20],
  ]);

  it('per-bucket counts from cumulative `le` values', () => {
    expect(bucketsFromCumulative(cumulative)).toEqual({ bounds: [1, 2], counts: [10, 10, 0] });
  });

  it('makes extrapolated cumulative values monotonic instead of producing negative counts', () => {
    const dipping = new Map<number, number>([
      [1, 10.4],
      [2, 10.1],
      [Number.POSITIVE_INFINITY, 12],
    ]);
    expect(bucketsFromCumulative(dipping).counts.map((c) => Number(c.toFixed(6)))).toEqual([10.4, 0, 1.6]);
  });

  it('histogram_quantile interpolates inside the bucket, as Prometheus does', () => {
    const h = bucketsFromCumulative(cumulative);
    // rank 10 of 20 is the top of bucket (0, 1]: 1; rank 15 is half-way through (1, 2]: 1.5.
    expect(histogramQuantile(0.5, h)).toBe(1);
    expect(histogramQuantile(0.75, h)).toBe(1.5);
  });

  it('histogram_quantile returns the largest finite bound when the rank falls into +Inf', () => {
    expect(histogramQuantile(0.99, { bounds: [1, 2], counts: [1, 1, 8] })).toBe(2);
    expect(histogramQuantile(0.5, { bounds: [1, 2], counts: [0, 0, 0] })).toBeNaN();
  });

  it('mid-rank scores: ties share the mid-rank of their bucket, centred on 0', () => {
    // 4 requests: 1 in the first bucket (mid-rank 0.5/4), 2 in the second ((1 + 1)/4), 1 in the third (3.5/4).
    expect(midRankScores({ bounds: [1, 2], counts: [1, 2, 1] })).toEqual([0.125 - 0.5, 0.5 - 0.5, 0.875 - 0.5]);
  });

  it('a slower canary collects positive scores; the same canary as the primary none on average', () => {
    const primary: BucketCounts = { bounds: [10, 20, 40], counts: [300, 400, 250, 50] };
    const slower: BucketCounts = { bounds: [10, 20, 40], counts: [10, 30, 40, 20] };
    const same: BucketCounts = { bounds: [10, 20, 40], counts: [30, 40, 25, 5] };
    expect(latencyRankTest([{ canary: slower, primary }]).e).toBeGreaterThan(1000);
    expect(latencyRankTest([{ canary: same, primary }]).e).toBeLessThan(1);
    expect(latencyRankStrata([{ canary: same, primary }])[0].sum).toBeCloseTo(0, 10);
  });

  it('the latency grid and the error grid are proper priors (weights sum to 1)', () => {
    for (const grid of [ERROR_GRID, LATENCY_GRID]) expect(grid.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});

describe('hard limits', () => {
  it('a canary failing every request is over a 1% limit after a handful of requests', () => {
    expect(limitTest(5, 5, 0.01).e).toBeGreaterThan(400);
  });

  it('a canary well inside the limit gathers no evidence', () => {
    expect(limitTest(2, 1000, 0.01).e).toBeLessThan(1);
  });

  it('rejects a limit outside (0, 1)', () => {
    expect(() => limitTest(1, 10, 1)).toThrow('limitTest: limit (1) must be strictly between 0 and 1');
  });
});
