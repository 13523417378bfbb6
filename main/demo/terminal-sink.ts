// Prints what a desktop host would show as a notification: the terminal demo's "host".
import type { NotificationSink } from '../core/engine/account-sync.ts';
import type { IntentRetraction, NotificationIntent } from '../core/notify/notification-intent.ts';

const ICON: Record<NotificationIntent['type'], string> = {
  mail: '✉',
  mailSummary: '✉✉',
  reminder: '⏰',
  accountProblem: '⚠',
};

export class TerminalSink implements NotificationSink {
  private readonly shown = new Set<string>();

  constructor(
    private readonly labelFor: (accountId: string) => string,
    private readonly write: (line: string) => void = (line) => console.log(line),
  ) {}

  show(intent: NotificationIntent): void {
    // A desktop host replaces a notification with the same id; the terminal says so.
    const verb = this.shown.has(intent.id) ? 'updated' : 'new';
    this.shown.add(intent.id);
    const time = new Date(intent.createdAt).toLocaleTimeString();
    const body = intent.body.replace(/\n/g, ' — ');
    const actions = intent.actions.map((a) => a.label).join(' · ');
    this.write(`${time} ${ICON[intent.type]} [${this.labelFor(intent.accountId)}] ${intent.title}: ${body}${actions ? `   [${actions}]` : ''}${verb === 'updated' ? ' (updated)' : ''}`);
  }

  retract(retraction: IntentRetraction): void {
    if (!this.shown.delete(retraction.intentId)) return;
    this.write(`${new Date().toLocaleTimeString()} ✓ removed ${retraction.intentId.split(':')[0]} notification (${retraction.reason})`);
  }
}
