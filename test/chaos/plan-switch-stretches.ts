// The notification switches turned off for a stretch: the global one (`notifications.enabled`)
// and the account's own (`accounts[id].notificationsEnabled`), each once per whole six simulated
// hours of the run (none in a shorter run, where they would hold back most of its mail), 15–40 minutes, the global one in the slice's first
// half and the account's in its second, kept clear of quiet hours and pauses (`busy`) where it can
// be, so every rule still holds mail back on its own. Mail decided while a switch is off is never
// notified, then or later (no catch-up when it comes back on). Drawn from a stream of its own.
import type { Prng } from './prng.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export type SwitchUserAction =
  | { at: number; kind: 'notificationsOff' }
  | { at: number; kind: 'notificationsOn' }
  | { at: number; kind: 'accountNotificationsOff' }
  | { at: number; kind: 'accountNotificationsOn' };

/** `busy`: [from, to] stretches of other rules (quiet hours, pauses) to keep clear of. */
export function planSwitchStretches(prng: Prng, start: number, span: number, busy: readonly (readonly [number, number])[]): SwitchUserAction[] {
  const actions: SwitchUserAction[] = [];
  const slices = Math.floor(span / (6 * HOUR));
  const slice = span / slices;
  // A 15–40 minute stretch in [from, from + width): the first drawn clear of `busy`, else the last drawn.
  const stretch = (from: number, width: number): [number, number] => {
    let drawn: [number, number] = [from, from];
    for (let tries = 0; tries < 20; tries += 1) {
      const off = from + 5 * MINUTE + Math.floor(prng.next() * Math.max(MINUTE, width - 50 * MINUTE));
      drawn = [off, off + prng.int(15, 40) * MINUTE];
      if (!busy.some(([b0, b1]) => drawn[0] <= b1 && b0 <= drawn[1])) break;
    }
    return drawn;
  };
  for (let i = 0; i < slices; i += 1) {
    const from = start + i * slice;
    const [globalOff, globalOn] = stretch(from, slice / 2);
    actions.push({ at: globalOff, kind: 'notificationsOff' }, { at: globalOn, kind: 'notificationsOn' });
    const [accountOff, accountOn] = stretch(from + slice / 2, slice / 2);
    actions.push({ at: accountOff, kind: 'accountNotificationsOff' }, { at: accountOn, kind: 'accountNotificationsOn' });
  }
  return actions;
}
