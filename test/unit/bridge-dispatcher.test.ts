// The dispatcher: unknown calls and every shape of bad input become a typed invalidInput before
// any handler runs; handler errors map to BridgeError codes without leaking tokens or stacks.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CALL_NAMES, type CallName } from '../../preload/contract.ts';
import { WritePermissionRequiredError } from '../../main/core/accounts/auth-errors.ts';
import { AuthRequiredError } from '../../main/core/accounts/token-provider.ts';
import { BridgeFailure } from '../../main/core/bridge/bridge-failure.ts';
import { createDispatcher, type Handlers } from '../../main/core/bridge/dispatcher.ts';
import { INTERNAL_MESSAGE } from '../../main/core/bridge/error-mapping.ts';
import { ReminderActionError } from '../../main/core/calendar/reminder-scheduler.ts';
import { GraphError } from '../../main/core/graph/graph-errors.ts';
import { createLogger, silentLogger } from '../../main/core/log.ts';
import { SettingsValidationError } from '../../main/core/state/settings-store.ts';

function recordingHandlers(answer: (name: CallName, input: unknown) => Promise<unknown> = async () => null) {
  const calls: { name: CallName; input: unknown }[] = [];
  const handlers = Object.fromEntries(
    CALL_NAMES.map((name) => [
      name,
      (input: unknown) => {
        calls.push({ name, input });
        return answer(name, input);
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

describe('dispatcher input checks', () => {
  it('an unknown call name (or not a string) is invalidInput, and no handler runs', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createDispatcher(handlers, silentLogger);
    for (const name of ['messages.nuke', '', 'constructor', '__proto__', 'toString', 42, null, undefined, { name: 'app.info' }, ['app.info']]) {
      const outcome = await dispatch(name, {});
      expect(outcome).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    }
    const long = await dispatch('x'.repeat(100_000), {});
    expect(JSON.stringify(long).length).toBeLessThan(500);
    expect(calls).toEqual([]);
  });

  const badInputs: [CallName, unknown, string][] = [
    ['messages.get', { accountId: 1, messageId: 'm' }, 'accountId'],
    ['messages.get', { accountId: 'a' }, 'messageId'],
    ['messages.get', { accountId: '', messageId: 'm' }, 'accountId'],
    ['messages.markRead', { accountId: 'a', messageId: 'm', isRead: 'yes' }, 'isRead'],
    ['messages.list', { view: 'spam' }, 'view'],
    ['messages.list', { limit: 0 }, 'limit'],
    ['messages.list', { offset: -1 }, 'offset'],
    ['messages.list', { limit: 1.5 }, 'limit'],
    ['messages.list', { offset: Number.NaN }, 'offset'],
    ['messages.list', { limit: Number.POSITIVE_INFINITY }, 'limit'],
    ['messages.get', { accountId: 'a', messageId: 'm', extra: true }, '(input)'],
    ['messages.reply', { accountId: 'a', messageId: 'm', comment: 'x'.repeat(100_001) }, 'comment'],
    ['messages.get', { accountId: 'a'.repeat(513), messageId: 'm' }, 'accountId'],
    ['links.open', { url: 'https://a.example/'.repeat(1000) }, 'url'],
    ['events.snooze', { accountId: 'a', eventId: 'e', minutes: 0 }, 'minutes'],
    ['events.snooze', { accountId: 'a', eventId: 'e', minutes: 10_081 }, 'minutes'],
    ['events.list', { hours: 169 }, 'hours'],
    ['accounts.add', { method: 'password' }, 'method'],
    ['settings.update', { patch: [] }, 'patch'],
    ['settings.update', { patch: 'theme=dark' }, 'patch'],
    ['settings.update', {}, 'patch'],
    ['notifications.pause', { until: -5 }, 'until'],
    // Beyond any displayable date: the popup would throw formatting it, on every start.
    ['notifications.pause', { until: Number.MAX_SAFE_INTEGER }, 'until'],
    ['notifications.pause', {}, 'until'],
    ['notifications.activate', { intentId: 'i', action: 'delete' }, 'action'],
    ['app.info', null, '(input)'],
    ['app.info', undefined, '(input)'],
    ['app.info', [], '(input)'],
    ['app.info', 'hello', '(input)'],
    ['app.info', 7, '(input)'],
    ['accounts.list', { anything: 1 }, '(input)'],
    ['accounts.list', JSON.parse('{"__proto__": {"polluted": true}}'), '(input)'],
    ['messages.get', JSON.parse('{"accountId": "a", "messageId": "m", "__proto__": {"isAdmin": true}}'), '(input)'],
    ['messages.get', JSON.parse('{"accountId": "a", "messageId": "m", "constructor": {"prototype": {"x": 1}}}'), '(input)'],
    ['sync.checkNow', { accountId: ['a'] }, 'accountId'],
  ];

  it.each(badInputs)('%s with %j → invalidInput naming %s; the handler never runs', async (name, input, path) => {
    const { handlers, calls } = recordingHandlers();
    const outcome = await createDispatcher(handlers, silentLogger)(name, input);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('invalidInput');
    expect(outcome.error.issues?.map((i) => i.path)).toContain(path);
    expect(calls).toEqual([]);
    // The answer describes the input; it never echoes it back.
    expect(JSON.stringify(outcome).length).toBeLessThan(2_000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('valid input reaches the handler with the contract’s defaults applied', async () => {
    const { handlers, calls } = recordingHandlers(async (name) => (name === 'messages.list' ? { items: [], total: 0 } : null));
    const dispatch = createDispatcher(handlers, silentLogger);
    expect(await dispatch('messages.list', {})).toEqual({ ok: true, value: { items: [], total: 0 } });
    expect(await dispatch('accounts.add', { method: 'deviceCode' })).toEqual({ ok: true, value: null });
    expect(calls).toEqual([
      { name: 'messages.list', input: { accountId: null, view: 'all', offset: 0, limit: 500 } },
      { name: 'accounts.add', input: { method: 'deviceCode', mode: 'readWrite' } },
    ]);
  });
});

describe('dispatcher error mapping', () => {
  const cases: [string, unknown, string][] = [
    ['BridgeFailure keeps its code', new BridgeFailure('notSupported', 'nope'), 'notSupported'],
    ['sign-in expired', new AuthRequiredError('needsSignIn', 'Sign in again.'), 'needsSignIn'],
    ['admin consent', new AuthRequiredError('needsAdminConsent', 'Ask your admin.'), 'needsAdminConsent'],
    ['user cancelled', new AuthRequiredError('cancelled', 'Sign-in was cancelled.'), 'cancelled'],
    ['consent declined', new AuthRequiredError('consentDenied', 'Declined.'), 'cancelled'],
    ['identity unreachable', new AuthRequiredError('offline', 'Offline.'), 'offline'],
    ['read-only account', new WritePermissionRequiredError('acc', 'archive'), 'needsWritePermission'],
    ['write permission by discriminator', Object.assign(new Error('read-only'), { kind: 'needsWritePermission' }), 'needsWritePermission'],
    ['write permission by old name', Object.assign(new Error('read-only'), { name: 'NeedsWritePermissionError' }), 'needsWritePermission'],
    ['Graph 404', new GraphError({ kind: 'http', status: 404, code: 'ErrorItemNotFound', message: 'x' }), 'notFound'],
    ['Graph 429', new GraphError({ kind: 'http', status: 429, code: 'TooManyRequests', message: 'x', retryAfterMs: 5_000 }), 'throttled'],
    ['no network', new GraphError({ kind: 'network', code: 'networkError', message: 'x' }), 'offline'],
    ['Graph 503', new GraphError({ kind: 'http', status: 503, code: 'ServiceUnavailable', message: 'x' }), 'unavailable'],
    ['Graph 401 after refresh', new GraphError({ kind: 'http', status: 401, code: 'InvalidAuthenticationToken', message: 'x' }), 'needsSignIn'],
    ['Graph 403 consent', new GraphError({ kind: 'http', status: 403, code: 'Authorization_RequestDenied', message: 'x' }), 'needsAdminConsent'],
    ['mailbox not enabled (404)', new GraphError({ kind: 'http', status: 404, code: 'MailboxNotEnabledForRESTAPI', message: 'x' }), 'unavailable'],
    ['mailbox not enabled (400)', new GraphError({ kind: 'http', status: 400, code: 'MailboxNotEnabledForRESTAPI', message: 'x' }), 'unavailable'],
    ['unreadable answer', new GraphError({ kind: 'malformedResponse', message: 'x' }), 'unavailable'],
    ['bad settings', new SettingsValidationError([{ field: 'pollIntervalMs', problem: 'too small' }]), 'invalidInput'],
    ['unknown event', new ReminderActionError('unknownEvent', 'no such event'), 'notFound'],
    ['bad minutes', new ReminderActionError('invalidMinutes', 'minutes must be positive'), 'invalidInput'],
    ['a bug', new TypeError('Cannot read properties of undefined'), 'internal'],
    ['a thrown string', 'boom', 'internal'],
  ];

  it.each(cases)('%s → %s', async (_what, error, code) => {
    const { handlers } = recordingHandlers(async () => {
      throw error;
    });
    const outcome = await createDispatcher(handlers, silentLogger)('messages.archive', { accountId: 'a', messageId: 'm' });
    expect(outcome).toMatchObject({ ok: false, error: { code } });
  });

  it('settings errors carry their fields as issues', async () => {
    const { handlers } = recordingHandlers(async () => {
      throw new SettingsValidationError([{ field: 'notifications.quietHours.start', problem: 'expected HH:MM (24-hour)' }]);
    });
    const outcome = await createDispatcher(handlers, silentLogger)('settings.update', { patch: {} });
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'invalidInput', message: 'These settings are not valid.', issues: [{ path: 'notifications.quietHours.start', message: 'expected HH:MM (24-hour)' }] },
    });
  });

  it('an unexpected error answers a generic message, is logged scrubbed, and leaks no token or stack', async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGVsZSJ9.c2lnbmF0dXJl';
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    });
    const { handlers } = recordingHandlers(async () => {
      throw new Error(`request failed with Authorization: Bearer ${token}`);
    });
    const outcome = await createDispatcher(handlers, logger)('sync.status', {});
    expect(outcome).toEqual({ ok: false, error: { code: 'internal', message: INTERNAL_MESSAGE } });
    expect(lines.join('')).toContain('bridge call failed unexpectedly');
    expect(lines.join('')).not.toContain(token);
  });

  it('Graph errors answer the core’s user message, never the server’s text', async () => {
    const { handlers } = recordingHandlers(async () => {
      throw new GraphError({ kind: 'http', status: 503, code: 'ServiceUnavailable', message: 'Graph answered 503: internal detail request-id abc' });
    });
    const outcome = await createDispatcher(handlers, silentLogger)('sync.status', {});
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message).not.toMatch(/request-id|internal detail/);
  });
});
