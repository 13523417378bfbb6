// The chaos harness judges each durable decision with its own reading of the rules
// (test/chaos/rule-verdict.ts). Written apart from the engine's decideMail on purpose, it must
// still agree with it on every combination chaos produces, or a run would flag (or excuse) the
// wrong messages. Every switch chaos flips, in every combination, for a VIP and a plain sender,
// focused and other mail, with and without a keyword in the subject or only in the preview,
// with the global and the account's notification switches on and off.
import { describe, expect, it } from 'vitest';
import type { MailItem } from '../../main/core/mail/mail-item.ts';
import { decideMail } from '../../main/core/notify/mail-rules.ts';
import { defaultAccountSettings, defaultSettings, type Settings } from '../../main/core/state/settings-schema.ts';
import { SENDERS } from '../chaos/plan.ts';
import { withKeyword, type KeywordTag } from '../chaos/plan-rule-stretches.ts';
import { chaosVerdict, inRange } from '../chaos/rule-verdict.ts';

const ACCOUNT = 'acct-1';
// 2026-11-02 10:30 UTC.
const NOW = Date.UTC(2026, 10, 2, 10, 30);
const vip = SENDERS.find((s) => s.vip);
const plain = SENDERS.find((s) => !s.vip && s.name !== 'Newsletter');

function settingsFor(bits: number): Settings {
  const settings = defaultSettings();
  const rules = settings.notifications;
  rules.vipSenders = SENDERS.filter((s) => s.vip).map((s) => s.address);
  rules.quietHours = { ...rules.quietHours, timeZone: 'UTC', enabled: (bits & 1) !== 0, start: '10:00', end: '11:00' };
  if (bits & 2) rules.mutedKeywords = ['build failed', 'digest'];
  if (bits & 4) settings.accounts[ACCOUNT] = { notificationsEnabled: true, focusedOnly: true, readOnly: false };
  if (bits & 8) rules.pausedUntil = NOW + 60_000;
  if (bits & 16) rules.vipBreaksPause = true;
  if (bits & 32) rules.mutedSenders = [vip?.address ?? '', plain?.address ?? ''];
  // The notification switches: the global one, and the account's own (with or without focusedOnly).
  if (bits & 64) rules.enabled = false;
  if (bits & 128) settings.accounts[ACCOUNT] = { ...(settings.accounts[ACCOUNT] ?? defaultAccountSettings()), notificationsEnabled: false };
  return settings;
}

describe('the chaos harness reads the mail rules as the engine applies them', () => {
  it('agrees with decideMail on every combination of the switches chaos flips', () => {
    const tags: (KeywordTag | null)[] = [null, { keyword: 'build failed', where: 'subject' }, { keyword: 'digest', where: 'preview' }];
    let compared = 0;
    const verdicts = new Set<string>();
    for (let bits = 0; bits < 256; bits += 1) {
      const settings = settingsFor(bits);
      for (const sender of [vip, plain]) {
        if (!sender) throw new Error('chaos senders lost their VIPs');
        for (const classification of ['focused', 'other'] as const) {
          for (const tag of tags) {
            const { subject, bodyHtml } = withKeyword('Chaos message 7', tag);
            const item: MailItem = {
              id: 'm',
              receivedDateTime: new Date(NOW).toISOString(),
              from: { name: sender.name, address: sender.address },
              subject,
              // What the simulator's preview makes of the body: tags become spaces.
              bodyPreview: bodyHtml.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim(),
              isRead: false,
              importance: 'normal',
              inferenceClassification: classification,
              hasAttachments: false,
              flagStatus: 'notFlagged',
              webLink: '',
              conversationId: 'c',
            };
            const engine = decideMail(item, { settings, accountId: ACCOUNT, now: NOW, timeZone: 'UTC' });
            const harness = chaosVerdict({ sender, subject, bodyHtml, classification }, settings, ACCOUNT, NOW);
            const expected = engine.notify ? { verdict: 'notify', brokeThrough: engine.brokeThrough } : { verdict: engine.reason, brokeThrough: [] };
            expect({ verdict: harness.verdict, brokeThrough: harness.brokeThrough }, `bits ${bits}, ${sender.name}, ${classification}, ${tag?.keyword ?? 'no keyword'}`).toEqual(expected);
            verdicts.add(harness.verdict);
            compared += 1;
          }
        }
      }
    }
    expect(compared).toBe(256 * 2 * 2 * 3);
    expect([...verdicts].sort()).toEqual(['accountNotificationsOff', 'mutedKeyword', 'mutedSender', 'notFocused', 'notificationsOff', 'notify', 'paused', 'quietHours']);
  });

  it('matches keywords as whole words only, as the settings promise', () => {
    const settings = settingsFor(2);
    const sender = plain;
    if (!sender) throw new Error('no plain sender');
    const verdict = (subject: string) => chaosVerdict({ sender, subject, bodyHtml: `<p>${subject}</p>`, classification: 'focused' }, settings, ACCOUNT, NOW).verdict;
    expect(verdict('Weekly DIGEST')).toBe('mutedKeyword');
    expect(verdict('Digests for you')).toBe('notify');
    expect(verdict('the build   failed again')).toBe('mutedKeyword');
  });

  it('reads a UTC quiet-hours range, also one across midnight', () => {
    expect(inRange(NOW, '10:00', '11:00')).toBe(true);
    expect(inRange(NOW, '11:00', '10:00')).toBe(false);
    expect(inRange(NOW, '22:00', '10:31')).toBe(true);
    expect(inRange(NOW, '10:31', '10:30')).toBe(false);
  });
});
