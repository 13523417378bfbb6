// The Graph side of the tenant: one mailbox and one calendar per directory user, made on first use.
import type { SimContext } from '../context.ts';
import type { SimUser } from '../users.ts';
import { Mailbox } from './mailbox.ts';
import { Calendar } from './calendar.ts';

export class GraphTenant {
  private readonly mailboxes = new Map<string, Mailbox>();
  private readonly calendars = new Map<string, Calendar>();

  constructor(private readonly ctx: SimContext) {}

  mailbox(user: SimUser): Mailbox {
    let box = this.mailboxes.get(user.id);
    if (!box) {
      box = new Mailbox(user.id, { name: user.displayName, address: user.mail }, () => this.ctx.clock.now());
      this.mailboxes.set(user.id, box);
    }
    return box;
  }

  calendar(user: SimUser): Calendar {
    let cal = this.calendars.get(user.id);
    if (!cal) {
      cal = new Calendar(user.id, () => this.ctx.clock.now());
      this.calendars.set(user.id, cal);
    }
    return cal;
  }

  /** Makes every outstanding mail and calendar state token of this user answer 410 Gone. */
  expireDeltaTokens(user: SimUser): void {
    this.mailbox(user).tokenEpoch += 1;
    this.calendar(user).tokenEpoch += 1;
  }
}
