// Every bridge call with hostile and random payloads through HeraldApp.dispatch (the one door
// both hosts use): each answers with a typed outcome — invalidInput whenever the contract's
// schema rejects the input — never a throw, never a crash, never an echo of the input; and the
// app still works afterwards (a valid call succeeds, a new message is notified once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, callInputs, type BridgeErrorCode, type CallInput, type CallName, type CallOutcome } from '../../preload/contract.ts';
import { hostileValues, randomValue } from '../chaos/hostile-values.ts';
import { mulberry32 } from '../chaos/prng.ts';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';

const ERROR_CODES: readonly BridgeErrorCode[] = [
  'invalidInput',
  'notFound',
  'needsWritePermission',
  'needsSignIn',
  'needsAdminConsent',
  'cancelled',
  'offline',
  'throttled',
  'unavailable',
  'notSupported',
  'internal',
];

/**
 * A valid input for each call, naming things that do not exist (so a valid call changes nothing).
 * A call added to the contract later without an entry here is still swept: with `{}` as its base
 * as its base: hostile whole inputs, an extra field and random inputs, no per-field mutations.
 */
const VALID: { [N in CallName]?: CallInput<N> } = {
  'app.info': {},
  'accounts.list': {},
  'accounts.add': { method: 'interactive', mode: 'readWrite' },
  'accounts.cancelSignIn': {},
  'accounts.remove': { accountId: 'no-such-account' },
  'accounts.fix': { accountId: 'no-such-account' },
  'messages.list': { accountId: null, view: 'all', offset: 0, limit: 10 },
  'messages.get': { accountId: 'no-such-account', messageId: 'no-such-message' },
  'messages.markRead': { accountId: 'no-such-account', messageId: 'm', isRead: true },
  'messages.flag': { accountId: 'no-such-account', messageId: 'm', flagged: true },
  'messages.archive': { accountId: 'no-such-account', messageId: 'm' },
  'messages.delete': { accountId: 'no-such-account', messageId: 'm' },
  'messages.reply': { accountId: 'no-such-account', messageId: 'm', comment: 'hello' },
  'messages.openInOutlook': { accountId: 'no-such-account', messageId: 'm' },
  'links.open': { url: 'https://example.com/' },
  'events.list': { hours: 24 },
  'events.join': { accountId: 'no-such-account', eventId: 'e' },
  'events.snooze': { accountId: 'no-such-account', eventId: 'e', minutes: 5 },
  'events.dismiss': { accountId: 'no-such-account', eventId: 'e' },
  'settings.get': {},
  'settings.update': { patch: {} },
  'sync.checkNow': { accountId: null },
  'sync.status': {},
  'notifications.pause': { until: null },
  'notifications.activate': { intentId: 'mail:nobody:nothing', action: 'default' },
  'push.status': {},
};

/** Calls whose valid input would start something real (a sign-in): only invalid inputs are sent. */
const ONLY_INVALID = new Set<CallName>(['accounts.add', 'accounts.fix']);

/** Without an example the base is `{}`: no per-field mutations, the rest of the sweep still runs. */
function baseFor(name: CallName): Record<string, unknown> {
  return (VALID[name] as Record<string, unknown> | undefined) ?? {};
}

function schemaAccepts(name: CallName, input: unknown): boolean {
  try {
    return callInputs[name].safeParse(input).success;
  } catch {
    return false;
  }
}

/** Wrong types, missing and extra fields, hostile values in every field, hostile values as the whole input. */
function payloadsFor(name: CallName): { label: string; input: unknown }[] {
  const base = baseFor(name);
  const out: { label: string; input: unknown }[] = [];
  for (const h of hostileValues({ transportableOnly: true })) out.push({ label: `whole input: ${h.label}`, input: h.value });
  out.push({ label: 'extra field', input: { ...base, extra: 1 } });
  out.push({ label: 'extra __proto__ field', input: { ...base, ...(JSON.parse('{"__proto__": {"polluted": true}}') as object) } });
  for (const key of Object.keys(base)) {
    const { [key]: _dropped, ...missing } = base;
    out.push({ label: `missing ${key}`, input: missing });
    for (const h of hostileValues({ transportableOnly: true })) out.push({ label: `${key}: ${h.label}`, input: { ...base, [key]: h.value } });
  }
  const prng = mulberry32(name.length * 7919 + 17);
  for (let i = 0; i < 40; i += 1) out.push({ label: `random #${i}`, input: randomValue(prng) });
  return out;
}

let h: AppHarness;
let accountId: string;

beforeAll(async () => {
  h = await startAppHarness();
  accountId = (await h.signIn(h.fx.work.upn)).id;
  await h.check(); // baseline
});

afterAll(async () => {
  await h?.close();
});

describe('bad-input sweep: every bridge call', () => {
  it.each(CALL_NAMES.map((name) => [name]))('%s answers hostile and random input with a typed outcome', async (name) => {
    let invalid = 0;
    for (const { label, input } of payloadsFor(name)) {
      const valid = schemaAccepts(name, input);
      if (valid && ONLY_INVALID.has(name)) continue;
      let outcome: CallOutcome<unknown>;
      try {
        outcome = await h.app.dispatch(name, input);
      } catch (err) {
        throw new Error(`${name} threw for ${label}: ${String(err)}`);
      }
      expect(typeof outcome.ok, `${name} / ${label}`).toBe('boolean');
      if (!valid) {
        invalid += 1;
        expect(outcome, `${name} / ${label}`).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
      }
      if (!outcome.ok) {
        expect(ERROR_CODES, `${name} / ${label}`).toContain(outcome.error.code);
        // Described, never echoed: a 2 MB string must not come back in the answer.
        expect(JSON.stringify(outcome.error).length, `${name} / ${label}`).toBeLessThan(8_000);
      }
    }
    expect(invalid).toBeGreaterThan(30);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('rejects unknown and non-string call names', async () => {
    for (const name of ['nope', '', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x'.repeat(100_000), null, undefined, 42, {}, ['app.info'], Symbol('app.info')]) {
      const outcome = await h.app.dispatch(name, {});
      expect(outcome).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
      if (!outcome.ok) expect(outcome.error.message.length).toBeLessThan(200);
    }
  });

  it('still works afterwards: valid calls succeed and a new message is notified once', async () => {
    await h.ok('notifications.pause', { until: null });
    const info = await h.ok('app.info', {});
    expect(info.host).toBeDefined();
    const accounts = await h.ok('accounts.list', {});
    expect(accounts.map((a) => [a.id, a.state.kind])).toEqual([[accountId, 'ok']]);
    expect(Object.prototype).not.toHaveProperty('polluted');

    const before = h.ports.sink.ofType('mail').length;
    await h.clock.advance(1_000);
    const id = await h.deliver(h.fx.work.upn, { subject: 'After the sweep' });
    await h.check();
    await h.check();
    const mail = h.ports.sink.ofType('mail').slice(before);
    expect(mail.map((i) => i.messageId)).toEqual([id]);
  });
});
