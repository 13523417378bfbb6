// Push's reasons in the app's language: every failure kind worded in Russian for a Russian
// locale, English otherwise (and by default, so logs and hosts without a locale read English).
import { describe, expect, it } from 'vitest';
import { AuthRequiredError } from '../../main/core/accounts/token-provider.ts';
import { GraphError } from '../../main/core/graph/graph-errors.ts';
import { describeFailure } from '../../main/core/push/push-failure.ts';
import { PUSH_TEXTS_EN, pushTexts } from '../../main/core/push/push-texts.ts';

describe('push texts', () => {
  it('picks Russian for ru and ru-*, English for anything else', () => {
    expect(pushTexts('ru').noUrl).toBe('Укажите публичный HTTPS-адрес туннеля, чтобы включить push.');
    expect(pushTexts('ru-RU')).toBe(pushTexts('ru'));
    for (const locale of ['en-US', 'de', '', 'C', null, undefined]) expect(pushTexts(locale)).toBe(PUSH_TEXTS_EN);
  });

  it('words every failure in Russian, with Graph’s status and code, never its raw text', () => {
    const ru = pushTexts('ru');
    const graph = (status: number, code: string, message = 'raw server text') => new GraphError({ kind: 'http', status, code, message });
    expect(describeFailure(graph(503, 'ServiceNotAvailable'), ru).reason).toBe('Microsoft Graph ответил 503 (ServiceNotAvailable); Herald проверяет почту сам и попробует снова.');
    expect(describeFailure(graph(400, 'InvalidRequest', 'Subscription validation request failed.'), ru).reason).toBe(ru.validationUnreachable);
    expect(describeFailure(graph(400, 'ExtensionError'), ru).reason).toBe('Microsoft Graph отклонил подписку (ExtensionError).');
    expect(describeFailure(graph(403, 'ErrorAccessDenied'), ru).reason).toBe(ru.permission);
    expect(describeFailure(new AuthRequiredError('needsSignIn', 'expired'), ru).reason).toBe(ru.signInAgain);
    expect(describeFailure(new Error('boom'), ru).reason).toBe(ru.unexpected);
    for (const reason of [describeFailure(graph(503, 'X'), ru).reason, describeFailure(new Error('raw server text'), ru).reason]) expect(reason).not.toContain('raw server text');
  });

  it('is English by default', () => {
    expect(describeFailure(new Error('boom')).reason).toBe(PUSH_TEXTS_EN.unexpected);
  });
});
