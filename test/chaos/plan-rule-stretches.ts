// The rules chaos switches on for a stretch besides muted senders and quiet hours: muted
// keywords (some chaos messages carry one, in the subject or only in the preview), Focused Inbox
// only (a mix of focused/other mail is planned with the messages), and an explicit pause, with
// `vipBreaksPause` off for the first stretch, on for the second, drawn for any further one; and
// a muted domain.
// Drawn from streams of their own, so adding them left every other draw of a seed as it was.
import type { Prng } from './prng.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Whole words / phrases the user mutes (matched case-insensitively, as the settings say). */
export const CHAOS_KEYWORDS = ['build failed', 'digest'] as const;
export type ChaosKeyword = (typeof CHAOS_KEYWORDS)[number];

export type StretchUserAction =
  | { at: number; kind: 'muteKeyword'; keyword: ChaosKeyword }
  | { at: number; kind: 'unmuteKeyword'; keyword: ChaosKeyword }
  | { at: number; kind: 'focusedOnlyOn' }
  | { at: number; kind: 'focusedOnlyOff' }
  /** `notifications.pausedUntil` = until; the pause lapses then unless the user resumes earlier. */
  | { at: number; kind: 'pause'; until: number; vipBreaksPause: boolean }
  | { at: number; kind: 'resume' }
  /** A whole domain in the muted senders (an entry without '@'; it covers every address there). */
  | { at: number; kind: 'muteDomain'; domain: string }
  | { at: number; kind: 'unmuteDomain'; domain: string };

/** Where a message carries a keyword: in its subject, or only in its body (so only the preview has it). */
export interface KeywordTag {
  keyword: ChaosKeyword;
  where: 'subject' | 'preview';
}

/** About one message in eight carries a keyword; null for the rest. */
export function planKeywordTags(prng: Prng, count: number): (KeywordTag | null)[] {
  return Array.from({ length: count }, () => {
    if (!prng.chance(0.125)) return null;
    return { keyword: prng.pick(CHAOS_KEYWORDS), where: prng.chance(0.5) ? 'subject' : 'preview' };
  });
}

/** A message's subject and body with its keyword (written in a different case than muted). */
export function withKeyword(subject: string, tag: KeywordTag | null): { subject: string; bodyHtml: string } {
  if (!tag) return { subject, bodyHtml: `<p>${subject}</p>` };
  const phrase = tag.keyword.toUpperCase();
  return tag.where === 'subject' ? { subject: `${subject}: ${phrase}`, bodyHtml: `<p>${subject}: ${phrase}</p>` } : { subject, bodyHtml: `<p>${subject}</p><p>${phrase} (see the log)</p>` };
}

/**
 * Each keyword muted for a 60–150 minute stretch per slice of the run; Focused Inbox only on for
 * a 60–150 minute stretch per slice; a 30–90 minute pause per slice, some resumed early.
 * One stretch of a kind per slice (about every six simulated hours, at least two), so stretches of
 * one kind never overlap; different kinds may, and the rules' precedence decides.
 */
export function planRuleStretches(prng: Prng, start: number, span: number): StretchUserAction[] {
  const actions: StretchUserAction[] = [];
  const slices = Math.max(2, Math.floor(span / (6 * HOUR)));
  const sliceLength = span / slices;
  const someTime = (from: number, to: number) => from + Math.floor(prng.next() * Math.max(1, to - from));
  for (let i = 0; i < slices; i += 1) {
    const sliceStart = start + i * sliceLength;
    const latest = sliceStart + sliceLength - 3 * HOUR;
    for (const keyword of CHAOS_KEYWORDS) {
      const on = someTime(sliceStart + 10 * MINUTE, latest);
      actions.push({ at: on, kind: 'muteKeyword', keyword }, { at: on + prng.int(60, 150) * MINUTE, kind: 'unmuteKeyword', keyword });
    }
    const focused = someTime(sliceStart + 10 * MINUTE, latest);
    actions.push({ at: focused, kind: 'focusedOnlyOn' }, { at: focused + prng.int(60, 150) * MINUTE, kind: 'focusedOnlyOff' });
    const paused = someTime(sliceStart + 10 * MINUTE, latest);
    const until = paused + prng.int(30, 90) * MINUTE;
    const vipBreaksPause = i === 0 ? false : i === 1 ? true : prng.chance(0.5);
    actions.push({ at: paused, kind: 'pause', until, vipBreaksPause });
    // Some pauses end by the user's hand before they lapse.
    if (prng.chance(0.4)) actions.push({ at: paused + Math.floor((until - paused) * (0.3 + 0.5 * prng.next())), kind: 'resume' });
  }
  return actions;
}

/**
 * A domain muted for a 45–120 minute stretch per slice of the run: the muted-senders list takes
 * domains as well as addresses, and chaos must see the engine apply one to every sender there
 * (a VIP included: a mute beats VIP). Its own stream, planned after every older one.
 */
export function planDomainMutes(prng: Prng, start: number, span: number, domain: string): StretchUserAction[] {
  const actions: StretchUserAction[] = [];
  const slices = Math.max(2, Math.floor(span / (6 * HOUR)));
  const sliceLength = span / slices;
  for (let i = 0; i < slices; i += 1) {
    const sliceStart = start + i * sliceLength;
    const on = sliceStart + 10 * MINUTE + Math.floor(prng.next() * Math.max(1, sliceLength - 3 * HOUR));
    actions.push({ at: on, kind: 'muteDomain', domain }, { at: on + prng.int(45, 120) * MINUTE, kind: 'unmuteDomain', domain });
  }
  return actions;
}
