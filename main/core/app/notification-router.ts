// The engine's NotificationSink in a host: forwards every intent to the host's native
// notifications and remembers it by id, so a click or a button on a notification (which comes
// back as nothing but the id) can find its target and act on it.
import type { NotificationSink } from '../engine/account-sync.ts';
import type { IntentRetraction, NotificationIntent } from '../notify/notification-intent.ts';

/** Enough for every notification a desktop keeps on screen; the oldest are forgotten first. */
const MAX_REMEMBERED = 500;

export class NotificationRouter implements NotificationSink {
  private readonly live = new Map<string, NotificationIntent>();

  constructor(private readonly host: NotificationSink) {}

  async show(intent: NotificationIntent): Promise<void> {
    // Remembered before the host call: a host that throws is retried by the engine, and a click
    // may arrive while the host is still drawing.
    this.live.delete(intent.id);
    this.live.set(intent.id, intent);
    while (this.live.size > MAX_REMEMBERED) {
      const oldest = this.live.keys().next().value;
      if (oldest === undefined) break;
      this.live.delete(oldest);
    }
    await this.host.show(intent);
  }

  async retract(retraction: IntentRetraction): Promise<void> {
    this.live.delete(retraction.intentId);
    await this.host.retract(retraction);
  }

  intent(intentId: string): NotificationIntent | undefined {
    return this.live.get(intentId);
  }

  forget(intentId: string): void {
    this.live.delete(intentId);
  }
}
