// A minimal stand-in for the engine's inbox part, for the mail integration tests: one poll
// cycle = delta requests (inside $batch, as the engine sends them) until the round completes,
// each response folded into InboxDeltaSync and fed to NewMailDetector.
import type { Clock } from '../../main/core/clock.ts';
import type { GraphClient } from '../../main/core/graph/graph-client.ts';
import { InboxDeltaSync } from '../../main/core/mail/inbox-delta-sync.ts';
import { NewMailDetector, type MailRetraction } from '../../main/core/mail/new-mail-detector.ts';
import type { MailItem } from '../../main/core/mail/mail-item.ts';
import type { MailChange } from '../../main/core/mail/mail-change.ts';
import { parseUnreadCount, unreadCountRequest } from '../../main/core/mail/unread-count.ts';

export interface CycleResult {
  newMail: MailItem[];
  retractions: MailRetraction[];
  changes: MailChange[];
  deltaRequests: number;
  resynced: boolean;
  unread: number;
}

export class InboxDriver {
  sync = new InboxDeltaSync();
  detector: NewMailDetector;

  constructor(
    private readonly client: GraphClient,
    private readonly clock: Clock,
    selfAddresses: string[],
  ) {
    this.detector = new NewMailDetector(selfAddresses);
  }

  async cycle(maxRequests = 20): Promise<CycleResult> {
    const out: CycleResult = { newMail: [], retractions: [], changes: [], deltaRequests: 0, resynced: false, unread: -1 };
    while (out.deltaRequests < maxRequests) {
      const first = out.deltaRequests === 0;
      const req = this.sync.nextRequest(this.clock.now());
      const [delta, unread] = await this.client.batch(first ? [req, unreadCountRequest()] : [req]);
      out.deltaRequests += 1;
      if (unread) out.unread = parseUnreadCount(unread);
      if (!delta) throw new Error('batch lost the delta response');
      const applied = this.sync.applyResponse(delta, this.clock.now());
      out.resynced ||= applied.resynced;
      out.changes.push(...applied.changes);
      const detected = this.detector.observe(applied.changes, { complete: applied.roundComplete, startedAt: applied.roundStartedAt });
      out.newMail.push(...detected.newMail);
      out.retractions.push(...detected.retractions);
      if (applied.roundComplete) return out;
    }
    throw new Error(`inbox round did not complete within ${maxRequests} requests`);
  }
}
