// Is the user's tunnel still reaching this Herald? Graph checks the notification URL only when a
// subscription is created; a tunnel that dies afterwards makes Graph's deliveries fail quietly
// (it retries, then drops them), and Herald would sit "live" on its slow safety-net poll. So,
// while push is live, the probe sends the receiver's own validation handshake through the public
// URL every few minutes — a request to the tunnel, not to Graph, so it costs nothing of Graph's
// budget — and checks that *our* receiver echoed the token (any echo server would echo it).
// Two failures in a row mark the tunnel down: push reports failing and the normal poll interval
// is back. The next success marks it up again.
import { randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../clock.ts';
import type { Logger } from '../log.ts';
import { PUSH_TEXTS_EN } from './push-texts.ts';

export const TUNNEL_PROBE_INTERVAL_MS = 5 * 60_000;
export const TUNNEL_PROBE_TIMEOUT_MS = 10_000;
/** One lost request is not a dead tunnel. */
export const TUNNEL_DOWN_AFTER_FAILURES = 2;

/** The reason shown while the tunnel is down (English; push-texts.ts has it in the app's language). */
export const TUNNEL_DOWN_REASON = PUSH_TEXTS_EN.tunnelDown;

export interface TunnelProbeOptions {
  clock: Clock;
  /** The notification URL to probe ({publicUrl}/notifications), or null when push is not live. */
  target: () => string | null;
  /** Whether this Herald's receiver echoed the token (and not some other server). */
  echoedByUs: (token: string) => boolean;
  /** The tunnel went down (false) or came back (true). */
  onChange: (reachable: boolean) => void;
  logger: Logger;
  fetch?: typeof globalThis.fetch;
  intervalMs?: number;
}

export class TunnelProbe {
  private timer: TimerHandle | null = null;
  private failures = 0;
  private down = false;
  private running = false;
  private probing: Promise<void> | null = null;
  /**
   * Bumped by every stop(): a probe (or timer chain) begun before a stop/start — the public URL
   * changed — must neither count its verdict against the new URL nor keep a second chain alive.
   */
  private generation = 0;

  constructor(private readonly o: TunnelProbeOptions) {}

  get reachable(): boolean {
    return !this.down;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.generation += 1;
    this.probing = null;
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
    this.failures = 0;
    this.down = false;
  }

  /** Probes now (also what the timer does); resolves once the verdict is in. */
  probeNow(): Promise<void> {
    if (!this.running) return Promise.resolve();
    if (this.probing) return this.probing;
    const probing = this.probe(this.generation).finally(() => {
      if (this.probing === probing) this.probing = null;
    });
    this.probing = probing;
    return probing;
  }

  private schedule(): void {
    if (!this.running) return;
    // One chain only: whatever was armed before is replaced.
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    const generation = this.generation;
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = null;
      void this.probeNow().finally(() => {
        if (generation === this.generation) this.schedule();
      });
    }, this.o.intervalMs ?? TUNNEL_PROBE_INTERVAL_MS);
  }

  private async probe(generation: number): Promise<void> {
    const target = this.o.target();
    if (target === null || !this.running) return;
    const ok = await this.reaches(target);
    if (!this.running || generation !== this.generation) return;
    if (ok) {
      this.failures = 0;
      if (this.down) {
        this.down = false;
        this.o.logger.info('push: the tunnel reaches Herald again');
        this.o.onChange(true);
      }
      return;
    }
    this.failures += 1;
    if (!this.down && this.failures >= TUNNEL_DOWN_AFTER_FAILURES) {
      this.down = true;
      this.o.logger.warn({ failures: this.failures }, 'push: the tunnel no longer reaches Herald');
      this.o.onChange(false);
    }
  }

  private async reaches(target: string): Promise<boolean> {
    const token = `herald-tunnel-probe-${randomUUID()}`;
    const url = new URL(target);
    url.searchParams.set('validationToken', token);
    try {
      const res = await (this.o.fetch ?? globalThis.fetch)(url, { method: 'POST', signal: AbortSignal.timeout(TUNNEL_PROBE_TIMEOUT_MS) });
      const body = await res.text();
      return res.status === 200 && body === token && this.o.echoedByUs(token);
    } catch {
      return false;
    }
  }
}
