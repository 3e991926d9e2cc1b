/**
 * Special functions against published values. Sources of the expected values:
 * - Γ(1/2) = √π, Γ(10) = 9! = 362880, Γ(1/10) = 9.513507698668732 (Abramowitz & Stegun, Table 6.1, and the
 *   identity Γ(x + 1) = xΓ(x));
 * - ln Γ(100) = ln 99! = 359.13420536957540 (A&S 6.1.41 Stirling series, as tabulated by NIST DLMF §5.11);
 * - Φ(1.96) = 0.9750021048517795, Φ(−1) = 0.15865525393145707, Φ(−8) = 6.22096057427178e-16 and
 *   Φ⁻¹(0.975) = 1.959963984540054, Φ⁻¹(0.01) = −2.3263478740408408, Φ⁻¹(1e-10) = −6.361340902404056
 *   (standard normal tables, A&S Table 26.1 and 26.2, to the digits R's pnorm/qnorm print);
 * - Q(3, 2) = e⁻²(1 + 2 + 2²/2): the Poisson(2) probability of at most 2 events, by hand;
 * - B(2, 3) = 1!·2!/4! = 1/12, by hand.
 */
import { erfc, gammaQ, logBeta, logChoose, logGamma, logSumExp, normalCdf, normalQuantile } from '../../packages/judge/stats/special';

describe('logGamma', () => {
  it.each([
    [0.5, 0.5 * Math.log(Math.PI)],
    [1, 0],
    [2, 0],
    [10, Math.log(362880)],
    [0.1, Math.log(9.513507698668732)],
    [100, 359.1342053695754],
  ])('ln Γ(%p) matches the table', (x, expected) => {
    expect(logGamma(x)).toBeCloseTo(expected, 12);
  });

  it('rejects x <= 0 naming the value', () => {
    expect(() => logGamma(0)).toThrow('logGamma: x (0) must be a positive finite number');
    expect(() => logGamma(-1.5)).toThrow('logGamma: x (-1.5) must be a positive finite number');
  });
});

describe('logBeta and logChoose', () => {
  it('B(2, 3) = 1/12', () => {
    expect(logBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 12);
  });

  it('C(10, 3) = 120 and C(n, 0) = 1', () => {
    expect(Math.exp(logChoose(10, 3))).toBeCloseTo(120, 9);
    expect(logChoose(7, 0)).toBe(0);
  });

  it('rejects k outside 0..n', () => {
    expect(() => logChoose(3, 4)).toThrow('logChoose: k (4) must be between 0 and n (3)');
  });
});

describe('incomplete gamma and the normal distribution', () => {
  it('Q(3, 2) is the Poisson(2) CDF at 2', () => {
    expect(gammaQ(3, 2)).toBeCloseTo(Math.exp(-2) * (1 + 2 + 2), 14);
  });

  it('Q(a, x) on both sides of x = a + 1 (series and continued fraction)', () => {
    // Poisson(20) CDF at 20: sum of e^-20 20^k / k!, summed here term by term.
    let term = Math.exp(-20);
    let sum = term;
    for (let k = 1; k <= 20; k++) {
      term *= 20 / k;
      sum += term;
    }
    expect(gammaQ(21, 20)).toBeCloseTo(sum, 13);
  });

  it.each([
    [1.96, 0.9750021048517795],
    [-1, 0.15865525393145707],
    [0, 0.5],
  ])('Φ(%p) matches the table', (x, expected) => {
    expect(normalCdf(x)).toBeCloseTo(expected, 14);
  });

  it('Φ(−8) keeps its relative precision in the far tail', () => {
    expect(normalCdf(-8) / 6.22096057427178e-16).toBeCloseTo(1, 10);
  });

  it('erfc(0) = 1 and erfc(−z) = 2 − erfc(z)', () => {
    expect(erfc(0)).toBeCloseTo(1, 15);
    expect(erfc(-0.7) + erfc(0.7)).toBeCloseTo(2, 14);
  });

  it.each([
    [0.975, 1.959963984540054],
    [0.01, -2.3263478740408408],
    [1e-10, -6.361340902404056],
    [0.5, 0],
  ])('Φ⁻¹(%p) matches the table', (p, expected) => {
    expect(normalQuantile(p)).toBeCloseTo(expected, 12);
  });

  it('Φ⁻¹ rejects p outside (0, 1)', () => {
    expect(() => normalQuantile(1)).toThrow('normalQuantile: p (1) must be strictly between 0 and 1');
  });
});

describe('logSumExp', () => {
  it('does not overflow and handles the empty list', () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
  });
});
