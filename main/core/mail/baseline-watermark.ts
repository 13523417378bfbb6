// The new-mail watermark: the instant after which an `added` inbox message counts as having
// arrived since sign-in (before it: mail moved into the inbox from elsewhere, not news).
//
// It is compared with Graph's `receivedDateTime`, which Exchange stamps with *its* clock, so it
// must come from that clock too, never from this machine's: with the machine two minutes ahead,
// a watermark taken locally lost every message of the first two minutes after sign-in (it was
// "received before the watermark"). Graph's clock reaches us in the HTTP `Date` header of every
// response (RFC 9110 §6.6.1: the origin's time when it produced the response). `$batch` inner
// responses are not documented to carry a `Date` (https://learn.microsoft.com/graph/json-batching:
// the examples show none), so the engine reads the outer response's (engine/graph-server-time.ts),
// which Graph produced after running the inner requests: it is no earlier than the listing it
// answered.
//
// "The newest receivedDateTime the baseline listed" is not used: it is never after Graph's
// time, but an empty inbox has none and an inbox whose newest message is a week old would put
// the watermark a week back (every old message moved into the inbox would then notify).
//
// The grace covers what Graph's `Date` does not pin down: the few seconds between the server
// taking the listing and stamping the response (a message arriving in between is not in the
// listing, comes as `added` next round, and its receivedDateTime is just before the Date), the
// follow-up pages of a long first round, inner retries of a throttled batch, and the drift
// between Graph's front end and the mailbox server. Messages the baseline listed within the grace
// are remembered by id (new-mail-detector.ts) so the grace never makes them new.
//
// Once set, the watermark is a fixed instant on Graph's clock and is only compared with Graph's
// timestamps: a later jump of this machine's clock (NTP, the user, a dead CMOS battery) cannot
// move it.
//
// When the first sync fails (offline, Graph down, throttled) the baseline comes later, and mail
// that arrived in between is news: the user was signed in. So the reference is then the *first
// attempt*, on Graph's clock: the earliest `Date` answering it (a 503 has one), or, when it got no
// answer at all (offline), its local time shifted by the skew measured at the first later answer
// that carried a `Date` (`Date` − local time the call was sent). Mail the baseline lists received
// at or after that reference is decided like any later mail (new-mail-detector.ts); mail received
// before it was in the inbox at sign-in and never notifies. The first attempt is kept with the
// detector's state, so a restart during the outage keeps it.

/** How far before Graph's time at the baseline the watermark is put. */
export const BASELINE_GRACE_MS = 5 * 60_000;

export interface BaselineTimes {
  /** The earliest Graph `Date` seen answering the baseline round; null when none was seen. */
  graphTime: number | null;
  /** This machine's clock when the round started: used only without any Graph time. */
  localStartedAt: number | null;
}

/**
 * The watermark for a completed baseline round, or null when there is no time to base it on.
 * Without a Graph `Date` (a proxy that strips it; Graph and the simulator always send it) the
 * local start is the best left, and the grace then also absorbs up to five minutes of skew.
 */
export function baselineWatermark(times: BaselineTimes): number | null {
  const reference = times.graphTime ?? times.localStartedAt;
  return reference === null ? null : reference - BASELINE_GRACE_MS;
}

/** The first sync attempt since sign-in (or since the state was rebuilt), kept until the baseline completes. */
export interface FirstAttempt {
  /** This machine's clock when the attempt was sent. */
  localTime: number;
  /** The same instant on Graph's clock; null while no answer carried a `Date`. */
  graphTime: number | null;
  /** Another attempt followed before the baseline completed (the first one failed, or did not finish the round). */
  retried: boolean;
}

/** One attempt: when it was sent (this machine's clock) and the earliest `Date` answering it (null: no answer, or none with a `Date`). */
export interface SyncAttempt {
  sentAt: number;
  graphTime: number | null;
}

/** The first attempt after `attempt` is noted; `first` is the one kept so far (undefined: this is the first). */
export function noteAttempt(first: FirstAttempt | undefined, attempt: SyncAttempt): FirstAttempt {
  if (!first) return { localTime: attempt.sentAt, graphTime: attempt.graphTime, retried: false };
  // Skew measured at the first answer with a Date, the closest in time to the first attempt (least
  // exposed to a jump of this machine's clock). Sent-time pairs with the earliest Date: the Date
  // is stamped after the call was sent, so the skew errs by the answer's latency, a second or so.
  const graphTime = first.graphTime ?? (attempt.graphTime === null ? null : first.localTime + (attempt.graphTime - attempt.sentAt));
  return { localTime: first.localTime, graphTime, retried: true };
}

/**
 * When mail started to be news, on Graph's clock, if the baseline did not complete on the first
 * attempt; null when it did (then the baseline round's own time is the reference, as before). Without
 * any `Date` ever seen, the first attempt's local time is the best left (the grace absorbs skew).
 */
export function firstAttemptReference(first: FirstAttempt | undefined): number | null {
  if (!first?.retried) return null;
  return first.graphTime ?? first.localTime;
}

/** An HTTP `Date` header value as epoch ms; null when absent or unreadable. */
export function parseHttpDate(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}
