/**
 * A seeded pseudo-random generator and the few distributions the simulator draws from. Same seed, same numbers,
 * on every platform (32-bit integer arithmetic only).
 *
 * Generator: sfc32 (Chris Doty-Humphrey's "small fast counter", PractRand-tested), seeded through splitmix32.
 * Poisson: inversion for means below 30, otherwise Hörmann's PTRS transformed rejection ("The transformed
 * rejection method for generating Poisson random variables", Insurance: Mathematics and Economics 12, 1993).
 */
import { logGamma } from '../stats/special';

/** A deterministic source of uniform numbers and the draws built on it. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Poisson(mean) count. */
  poisson(mean: number): number;
  /** Standard normal. */
  normal(): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** A generator of its own, derived from this one and `label` (for independent streams). */
  fork(label: string): Random;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a hash of a string, for deriving seeds from labels. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A {@link Random} seeded with `seed` (any 32-bit integer). */
export function seededRandom(seed: number): Random {
  const mix = splitmix32(seed);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const nextUint = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) nextUint();
  const next = (): number => nextUint() / 4294967296;

  const poissonSmall = (mean: number): number => {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = next();
    while (p > limit) {
      k++;
      p *= next();
    }
    return k;
  };

  const poissonPtrs = (mean: number): number => {
    const slam = Math.sqrt(mean);
    const loglam = Math.log(mean);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = next() - 0.5;
      const v = next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logGamma(k + 1)) return k;
    }
  };

  const random: Random = {
    next,
    poisson: (mean) => {
      if (!(mean > 0)) return 0;
      return mean < 30 ? poissonSmall(mean) : poissonPtrs(mean);
    },
    normal: () => {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    uniform: (min, max) => min + (max - min) * next(),
    fork: (label) => seededRandom((nextUint() ^ hashString(label)) >>> 0),
  };
  return random;
}
