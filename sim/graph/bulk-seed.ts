// Seeds many messages at once (the benchmarks' 100,000-message inbox): generated already sorted,
// with shared sender objects and bodies made on read, so it is fast and memory-lean.
import type { EmailAddress, Mailbox, NewMessage, SimMailFolder } from './mailbox.ts';

export interface BulkSeedOptions {
  count: number;
  from?: EmailAddress;
  startMs: number;
  endMs: number;
  unreadRatio: number;
  seed: number;
}

export const BULK_SENDERS: readonly EmailAddress[] = [
  { name: 'Adele Vance', address: 'adelev@contoso.example' },
  { name: 'Alex Wilber', address: 'alexw@contoso.example' },
  { name: 'Diego Siciliani', address: 'diegos@contoso.example' },
  { name: 'Isaiah Langer', address: 'isaiahl@contoso.example' },
  { name: 'Johanna Lorenz', address: 'johannal@contoso.example' },
  { name: 'Lee Gu', address: 'leeg@contoso.example' },
  { name: 'Lynne Robbins', address: 'lynner@contoso.example' },
  { name: 'Nestor Wilke', address: 'nestorw@contoso.example' },
  { name: 'Microsoft 365', address: 'no-reply@microsoft.example' },
  { name: 'Fabrikam Travel', address: 'bookings@fabrikam.example' },
];

const SUBJECTS: readonly string[] = [
  'Quarterly review notes',
  'Re: Budget for next sprint',
  'Your weekly digest',
  'Lunch on Thursday?',
  'Action required: expense report',
  'Design review moved',
  'Invoice available',
  'Re: Customer escalation',
  'Team offsite agenda',
  'Build failed on main',
];

/** xorshift32: fast and seedable, so the same seed seeds the same mailbox. */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

export function bulkSeed(mailbox: Mailbox, folder: SimMailFolder, options: BulkSeedOptions): number {
  const random = xorshift(options.seed);
  const span = Math.max(0, options.endMs - options.startMs);
  const slot = options.count > 0 ? span / options.count : 0;
  const inputs: NewMessage[] = new Array<NewMessage>(options.count);
  for (let i = 0; i < options.count; i++) {
    // One message per slot, jittered inside it: sorted by construction.
    const receivedMs = Math.floor(options.startMs + i * slot + random() * slot);
    const subjectIndex = Math.floor(random() * SUBJECTS.length);
    inputs[i] = {
      subject: `${SUBJECTS[subjectIndex]} #${i + 1}`,
      from: options.from ?? (BULK_SENDERS[Math.floor(random() * BULK_SENDERS.length)] as EmailAddress),
      receivedMs,
      isRead: random() >= options.unreadRatio,
      inferenceClassification: random() < 0.8 ? 'focused' : 'other',
    };
  }
  return mailbox.addSortedBatch(inputs, folder);
}
