// The rules as the chaos harness understands them, written independently of
// main/core/notify/mail-rules.ts (which is what is under test) from its documented precedence:
// notifications off (globally, then the account's switch; an account without settings has it on)
// > muted sender (an address, or a domain and its subdomains) > muted keyword (subject or preview, whole word, any case) > Focused Inbox only
// (VIPs break through) > pause (VIPs break through only with vipBreaksPause) > quiet hours (VIPs
// break through). Read mail is not new (chaos adds only unread mail).
import type { Settings } from '../../main/core/state/settings-schema.ts';
import type { BreakThrough, MailDecision } from './coverage.ts';
import type { Sender } from './plan.ts';

const MINUTE = 60_000;

/** What the harness knows of a message it added to the simulator. */
export interface ArrivedMessage {
  sender: Sender;
  subject: string;
  bodyHtml: string;
  classification: 'focused' | 'other';
}

export function chaosVerdict(message: ArrivedMessage, settings: Settings, accountId: string, now: number): MailDecision {
  const rules = settings.notifications;
  const vip = message.sender.vip;
  const quietHours = rules.quietHours.enabled && inRange(now, rules.quietHours.start, rules.quietHours.end);
  const address = message.sender.address;
  const vipByDomain = vip && !rules.vipSenders.includes(address);
  const mutedBy = rules.mutedSenders.find((entry) => listedAs(address, entry));
  const decided = (verdict: MailDecision['verdict'], brokeThrough: BreakThrough[] = []): MailDecision => ({
    decidedAt: now,
    verdict,
    vip,
    quietHours,
    brokeThrough,
    vipByDomain,
    mutedByDomain: mutedBy !== undefined && mutedBy !== address,
  });
  if (!rules.enabled) return decided('notificationsOff');
  if (settings.accounts[accountId]?.notificationsEnabled === false) return decided('accountNotificationsOff');
  if (mutedBy !== undefined) return decided('mutedSender');
  const text = [message.subject, message.bodyHtml.replace(/<[^>]+>/g, ' ')];
  if (rules.mutedKeywords.some((keyword) => text.some((t) => hasWord(t, keyword)))) return decided('mutedKeyword');
  const brokeThrough: BreakThrough[] = [];
  if (settings.accounts[accountId]?.focusedOnly === true && message.classification === 'other') {
    if (!vip) return decided('notFocused');
    brokeThrough.push('notFocused');
  }
  if (rules.pausedUntil !== null && now < rules.pausedUntil) {
    if (!(vip && rules.vipBreaksPause)) return decided('paused');
    brokeThrough.push('paused');
  }
  if (quietHours) {
    if (!vip) return decided('quietHours');
    brokeThrough.push('quietHours');
  }
  return decided('notify', brokeThrough);
}

/**
 * A sender list entry as the settings describe it: with '@' it is one address; without, a domain
 * that also covers its subdomains. Chaos addresses and entries are lower-case ASCII, and chaos never
 * writes the '@domain' form (the engine reads it as a domain; unit-tested in notify).
 */
export function listedAs(address: string, entry: string): boolean {
  if (entry.includes('@')) return address === entry;
  const domain = address.slice(address.indexOf('@') + 1);
  return domain === entry || domain.endsWith(`.${entry}`);
}

/** Chaos keywords are plain ASCII words and phrases: a whole-word, case-insensitive match. */
function hasWord(text: string, keyword: string): boolean {
  const words = (s: string) => s.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 0);
  const haystack = ` ${words(text).join(' ')} `;
  return haystack.includes(` ${words(keyword).join(' ')} `);
}

/** 'HH:MM' range in UTC (the run's zone); one whose end is before its start crosses midnight. */
export function inRange(now: number, start: string, end: string): boolean {
  const minutes = Math.floor((now % 86_400_000) / MINUTE);
  const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const [from, to] = [toMinutes(start), toMinutes(end)];
  if (from === to) return true;
  return from < to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}
