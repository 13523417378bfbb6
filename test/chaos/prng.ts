// One seeded source of randomness for a chaos run, so a seed reproduces the same plan:
// the same messages, event changes, faults and kill points at the same simulated times.
// mulberry32 (sim/seeded-random.ts, the same generator the simulator's faults use).
import { seededRandom } from '../../sim/seeded-random.ts';

export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** An independent generator derived from this one (keeps one stream's draws from shifting another's). */
  fork(): Prng;
}

export function mulberry32(seed: number): Prng {
  const next = seededRandom(seed);
  const prng: Prng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    fork: () => mulberry32(Math.floor(next() * 4294967296)),
  };
  return prng;
}
