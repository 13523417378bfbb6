// The demo tenant for `npm run sim -- --demo` and `npm run demo`: a work and a personal account
// with a few days of realistic mail, a daily standup series, meetings later today and tomorrow
// (Teams links), and a scheduler that delivers new mail about every 30 s and keeps a meeting
// starting soon.
// It drives the simulator only through the admin API, like the tests and benchmarks.
import type { AdminMessageInput, SimAdminClient } from './admin-client.ts';

export const DEMO_WORK_ACCOUNT = { upn: 'megan@contoso.example', displayName: 'Megan Bowen', kind: 'work' } as const;
export const DEMO_PERSONAL_ACCOUNT = { upn: 'megan.bowen@outlook.com', displayName: 'Megan Bowen', kind: 'personal' } as const;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface Sender {
  name: string;
  address: string;
  vip?: boolean;
}

const WORK_SENDERS: readonly Sender[] = [
  { name: 'Adele Vance', address: 'adelev@contoso.example', vip: true },
  { name: 'Alex Wilber', address: 'alexw@contoso.example' },
  { name: 'Diego Siciliani', address: 'diegos@contoso.example' },
  { name: 'Lynne Robbins', address: 'lynner@contoso.example' },
  { name: 'Nestor Wilke', address: 'nestorw@contoso.example' },
  { name: 'Azure DevOps', address: 'azuredevops@contoso.example' },
];
const WORK_SUBJECTS: readonly string[] = [
  'Q3 roadmap: final review before Friday',
  'Re: Customer escalation — Fabrikam',
  'Design sync moved to 3 pm',
  'Build 2041 failed on main',
  'Can you review the pricing deck?',
  'Lunch & learn: Copilot tips',
  'Re: Hiring loop feedback',
  'Expense report approved',
];
const PERSONAL_SENDERS: readonly Sender[] = [
  { name: 'Contoso Air', address: 'no-reply@contosoair.example' },
  { name: 'Mum', address: 'mum.bowen@outlook.com', vip: true },
  { name: 'Tailspin Toys', address: 'orders@tailspintoys.example' },
  { name: 'Litware Bank', address: 'alerts@litwarebank.example' },
  { name: 'Jamie', address: 'jamie.k@hotmail.example' },
];
const PERSONAL_SUBJECTS: readonly string[] = [
  'Your flight to Lisbon is confirmed',
  'Sunday lunch?',
  'Your order has shipped',
  'Statement ready to view',
  'Photos from the weekend',
  'Concert tickets 🎶',
];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

function demoMessage(kind: 'work' | 'personal', random: () => number, receivedMs: number, isRead: boolean): AdminMessageInput {
  const senders = kind === 'work' ? WORK_SENDERS : PERSONAL_SENDERS;
  const sender = pick(senders, random);
  const subject = pick(kind === 'work' ? WORK_SUBJECTS : PERSONAL_SUBJECTS, random);
  return {
    from: { name: sender.name, address: sender.address },
    subject,
    bodyHtml: `<html><body><p>Hi Megan,</p><p>${subject}. More details inside.</p><p>— ${sender.name}</p></body></html>`,
    receivedDateTime: new Date(receivedMs).toISOString(),
    isRead,
    importance: sender.vip ? 'high' : 'normal',
    inferenceClassification: random() < 0.75 ? 'focused' : 'other',
    hasAttachments: random() < 0.2,
  };
}

export interface DemoTenant {
  work: { upn: string; id: string };
  personal: { upn: string; id: string };
}

/** Seeds both accounts. `now` is the data clock's now; `random` makes it repeatable in tests. */
export async function seedDemoTenant(admin: SimAdminClient, options: { now?: number; random?: () => number } = {}): Promise<DemoTenant> {
  const now = options.now ?? Date.now();
  const random = options.random ?? Math.random;
  const work = await admin.addUser({ ...DEMO_WORK_ACCOUNT });
  const personal = await admin.addUser({ ...DEMO_PERSONAL_ACCOUNT });
  for (const [account, kind, count] of [
    [work, 'work', 40],
    [personal, 'personal', 20],
  ] as const) {
    for (let i = 0; i < count; i++) {
      const ageMs = Math.floor(random() * 4 * DAY) + 5 * MINUTE;
      await admin.addMessage(account.upn, demoMessage(kind, random, now - ageMs, ageMs > 6 * HOUR || random() < 0.5));
    }
  }
  const atHour = (dayOffset: number, hour: number) => {
    const d = new Date(now + dayOffset * DAY);
    d.setUTCHours(hour, 0, 0, 0);
    return d.getTime();
  };
  const meetings: { subject: string; startMs: number; minutes: number; online: boolean; location?: string; daily?: boolean }[] = [
    // A daily series (most real meetings recur): occurrences every day at this time, for 60 days.
    { subject: 'Team standup', startMs: now + 20 * MINUTE, minutes: 15, online: true, daily: true },
    { subject: 'Design review: tray popup', startMs: now + 3 * HOUR, minutes: 60, online: true },
    { subject: '1:1 with Adele', startMs: atHour(1, 9), minutes: 30, online: true },
    { subject: 'Customer call — Fabrikam', startMs: atHour(1, 14), minutes: 45, online: false, location: 'Building 4 / Room 210' },
  ];
  for (const m of meetings) {
    await admin.addEvent(work.upn, {
      subject: m.subject,
      start: new Date(m.startMs).toISOString(),
      end: new Date(m.startMs + m.minutes * MINUTE).toISOString(),
      isOnlineMeeting: m.online,
      reminderMinutesBeforeStart: 15,
      ...(m.location ? { location: m.location } : {}),
      ...(m.daily ? { recurrence: { pattern: { type: 'daily' as const, interval: 1 }, range: { type: 'numbered' as const, numberOfOccurrences: 60 } } } : {}),
      organizer: { name: 'Adele Vance', address: 'adelev@contoso.example' },
    });
  }
  await admin.addEvent(personal.upn, {
    subject: 'Dentist',
    start: new Date(atHour(1, 16)).toISOString(),
    end: new Date(atHour(1, 16) + 30 * MINUTE).toISOString(),
    location: 'Smile Clinic',
    reminderMinutesBeforeStart: 60,
  });
  return { work: { upn: work.upn, id: work.id }, personal: { upn: personal.upn, id: personal.id } };
}

export interface DemoScheduler {
  stop(): void;
  /** Runs one tick now (what the timer does every interval). */
  tick(): Promise<void>;
}

/**
 * Every `intervalMs` (30 s): a new unread message for one of the accounts, and — when no meeting
 * starts in the next 20 minutes — a new Teams meeting starting in about 10 minutes.
 */
export function startDemoScheduler(
  admin: SimAdminClient,
  tenant: DemoTenant,
  options: { intervalMs?: number; now?: () => number; random?: () => number; onError?: (err: unknown) => void } = {},
): DemoScheduler {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  let turn = 0;
  let nextMeetingStartMs = now() + 20 * MINUTE;
  const tick = async () => {
    const kind = turn++ % 3 === 2 ? 'personal' : 'work';
    await admin.addMessage(kind === 'work' ? tenant.work.upn : tenant.personal.upn, demoMessage(kind, random, now(), false));
    if (nextMeetingStartMs - now() < 5 * MINUTE) {
      nextMeetingStartMs = now() + 10 * MINUTE;
      await admin.addEvent(tenant.work.upn, {
        subject: pick(['Quick sync', 'Incident review', 'Roadmap check-in', 'Pairing session'], random),
        start: new Date(nextMeetingStartMs).toISOString(),
        end: new Date(nextMeetingStartMs + 30 * MINUTE).toISOString(),
        isOnlineMeeting: true,
        reminderMinutesBeforeStart: 5,
        organizer: { name: 'Alex Wilber', address: 'alexw@contoso.example' },
      });
    }
  };
  const timer = setInterval(() => {
    tick().catch((err: unknown) => (options.onError ?? ((e) => console.error('[sim demo] tick failed', e)))(err));
  }, options.intervalMs ?? 30_000);
  return { stop: () => clearInterval(timer), tick };
}
