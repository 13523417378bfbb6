// Hostile and random inputs for the bad-input sweeps: wrong types, huge strings, deep nesting,
// prototype-pollution keys, non-finite numbers, values JSON cannot carry (IPC's structured clone
// and an in-process caller can). Seeded, so a failing case replays.
import type { Prng } from './prng.ts';

export interface Hostile {
  label: string;
  value: unknown;
  /**
   * Only an in-process caller can pass this (a Proxy, a throwing getter): Electron's structured
   * clone and the web host's JSON both copy plain data, so no renderer can send it.
   */
  inProcessOnly?: true;
}

function deeplyNested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

function deepArray(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i += 1) value = [value];
  return value;
}

function circular(): unknown {
  const value: Record<string, unknown> = { accountId: 'x' };
  value.self = value;
  return value;
}

/** Values no field of the bridge contract accepts as-is (the sweep checks with the schema anyway). */
export function hostileValues(options: { transportableOnly?: boolean } = {}): Hostile[] {
  const all = allHostileValues();
  return options.transportableOnly ? all.filter((h) => !h.inProcessOnly) : all;
}

function allHostileValues(): Hostile[] {
  return [
    { label: 'null', value: null },
    { label: 'undefined', value: undefined },
    { label: 'NaN', value: Number.NaN },
    { label: 'Infinity', value: Number.POSITIVE_INFINITY },
    { label: '-Infinity', value: Number.NEGATIVE_INFINITY },
    { label: 'negative zero', value: -0 },
    { label: 'huge number', value: Number.MAX_VALUE },
    { label: 'unsafe integer', value: 2 ** 60 },
    { label: 'float', value: 1.5 },
    { label: 'boolean', value: true },
    { label: 'empty string', value: '' },
    { label: 'huge string (2 MB)', value: 'x'.repeat(2 * 1024 * 1024) },
    { label: 'NUL and control characters', value: '\u0000\u0001\u001b[31m\u2028' },
    { label: 'lone surrogate', value: '\ud800' },
    { label: 'array', value: [1, 2, 3] },
    { label: 'array of objects', value: [{ accountId: 'a' }] },
    { label: 'empty object', value: {} },
    { label: '__proto__ key (from JSON)', value: JSON.parse('{"__proto__": {"polluted": true}, "accountId": "a"}') as unknown },
    { label: 'constructor.prototype key', value: { constructor: { prototype: { polluted: true } } } },
    { label: 'deep nesting (10,000 objects)', value: deeplyNested(10_000) },
    { label: 'deep nesting (10,000 arrays)', value: deepArray(10_000) },
    { label: 'circular object', value: circular() },
    { label: 'function', value: () => 'called' },
    { label: 'symbol', value: Symbol('hostile') },
    { label: 'bigint', value: 10n ** 30n },
    { label: 'Date', value: new Date(0) },
    { label: 'Map', value: new Map([['accountId', 'a']]) },
    { label: 'Uint8Array', value: new Uint8Array(16) },
    { label: 'object with a throwing getter', value: Object.defineProperty({}, 'accountId', { enumerable: true, get: () => { throw new Error('getter ran'); } }), inProcessOnly: true },
    { label: 'Proxy that throws on every trap', value: new Proxy({}, { get: () => { throw new Error('proxy trap ran'); }, ownKeys: () => { throw new Error('proxy trap ran'); }, getOwnPropertyDescriptor: () => { throw new Error('proxy trap ran'); } }), inProcessOnly: true },
  ];
}

const KEYS = ['accountId', 'messageId', 'eventId', 'method', 'mode', 'patch', 'until', 'url', 'minutes', 'hours', 'view', 'limit', 'offset', 'comment', 'isRead', 'flagged', 'intentId', 'action', 'x', '__proto__', 'constructor'];

/** A random JSON-ish value, biased toward the contract's own keys so some inputs get deep into validation. */
export function randomValue(prng: Prng, depth = 0): unknown {
  const roll = prng.int(0, depth >= 3 ? 5 : 8);
  switch (roll) {
    case 0:
      return null;
    case 1:
      return prng.chance(0.5) ? prng.int(-1e6, 1e6) : (prng.next() - 0.5) * 1e12;
    case 2:
      return prng.chance(0.5);
    case 3:
      return 'x'.repeat(prng.int(0, 600));
    case 4:
      return prng.pick(['interactive', 'deviceCode', 'readOnly', 'all', 'focused', 'default', 'markRead', 'https://example.com', 'javascript:alert(1)', 'file:///etc/passwd', '']);
    case 5:
      return prng.pick(hostileValues({ transportableOnly: true })).value;
    case 6:
      return Array.from({ length: prng.int(0, 4) }, () => randomValue(prng, depth + 1));
    default: {
      const value: Record<string, unknown> = {};
      for (let i = prng.int(0, 4); i > 0; i -= 1) value[prng.pick(KEYS)] = randomValue(prng, depth + 1);
      return value;
    }
  }
}
