// The chaos harness judges each durable decision with its own reading of the rules
// (test/chaos/rule-verdict.ts). Written apart from the engine's decideMail on purpose, it must
// still agree with it on every combination chaos produces, or a run would flag (or excuse) the
// wrong messages. Every switch chaos flips, in every combination, for a VIP and a plain sender,
// focused and other mail, with and without a keyword in the subject or only in the preview,
// with the global and the account's notification switches on and off, and with senders listed
// (as VIPs or muted) by address or by domain.
import { describe, expect, it } from 'vitest';
import type { MailItem } from '../../main/core/mail/mail-item.ts';
import { decideMail } from '../../main/core/notify/mail-rules.ts';
import { defaultAccountSettings, defaultSettings, type Settings } from '../../main/core/state/settings-schema.ts';
import { MUTED_DOMAIN, SENDERS, VIP_LIST, type Sender } from '../chaos/plan.ts';
import { withKeyword, type KeywordTag } from '../chaos/plan-rule-stretches.ts';
import { chaosVerdict, inRange, listedAs } from '../chaos/rule-verdict.ts';

const ACCOUNT = 'acct-1';
// 2026-11-02 10:30 UTC.
const NOW = Date.UTC(2026, 10, 2, 10, 30);
const sender = (name: string): Sender => {
  const found = SENDERS.find((s) => s.name === name);
  if (!found) throw new Error(`chaos senders lost ${name}`);
  return found;
};
// A VIP by address and a plain sender, both in the muted domain; a VIP through a domain entry; a plain sender elsewhere.
const vip = sender('Grace Hopper');
const plainInDomain = sender('Alan Turing');
const domainVip = sender('Katherine Johnson');
const plain = sender('Edsger Dijkstra');

function settingsFor(bits: number): Settings {
  const settings = defaultSettings();
  const rules = settings.notifications;
  rules.vipSenders = [...VIP_LIST];
  rules.quietHours = { ...rules.quietHours, timeZone: 'UTC', enabled: (bits & 1) !== 0, start: '10:00', end: '11:00' };
  if (bits & 2) rules.mutedKeywords = ['build failed', 'digest'];
  if (bits & 4) settings.accounts[ACCOUNT] = { notificationsEnabled: true, focusedOnly: true, readOnly: false };
  if (bits & 8) rules.pausedUntil = NOW + 60_000;
  if (bits & 16) rules.vipBreaksPause = true;
  if (bits & 32) rules.mutedSenders = [domainVip.address, plain.address];
  if (bits & 256) rules.mutedSenders = [...rules.mutedSenders, MUTED_DOMAIN];
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
    for (let bits = 0; bits < 512; bits += 1) {
      const settings = settingsFor(bits);
      for (const sender of [vip, plainInDomain, domainVip, plain]) {
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
    expect(compared).toBe(512 * 4 * 2 * 3);
    expect([...verdicts].sort()).toEqual(['accountNotificationsOff', 'mutedKeyword', 'mutedSender', 'notFocused', 'notificationsOff', 'notify', 'paused', 'quietHours']);
  });

  it('reads list entries as the settings describe them: an address, or a domain with its subdomains', () => {
    expect(listedAs('grace@fabrikam.example', 'grace@fabrikam.example')).toBe(true);
    expect(listedAs('alan@fabrikam.example', 'grace@fabrikam.example')).toBe(false);
    expect(listedAs('alan@fabrikam.example', 'fabrikam.example')).toBe(true);
    expect(listedAs('ops@mail.fabrikam.example', 'fabrikam.example')).toBe(true);
    expect(listedAs('eve@notfabrikam.example', 'fabrikam.example')).toBe(false);
    expect(listedAs('eve@fabrikam.example.evil', 'fabrikam.example')).toBe(false);
  });

  it("gives every chaos sender the VIP flag the run's VIP list means, one of them only through a domain", () => {
    for (const s of SENDERS) expect(VIP_LIST.some((entry) => listedAs(s.address, entry)), s.name).toBe(s.vip);
    expect(SENDERS.filter((s) => s.vip && !VIP_LIST.includes(s.address)).map((s) => s.name)).toEqual(['Katherine Johnson']);
    const inMutedDomain = SENDERS.filter((s) => listedAs(s.address, MUTED_DOMAIN));
    expect(inMutedDomain.some((s) => s.vip) && inMutedDomain.some((s) => !s.vip), 'the muted domain holds a VIP and a plain sender').toBe(true);
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
