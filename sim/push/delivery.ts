// Delivers notification POSTs the way Graph does (https://learn.microsoft.com/graph/
// change-notifications-delivery-webhooks): a 2xx means delivered; anything else, a timeout or a
// broken connection is retried with exponential backoff (Graph: for up to 4 hours; here the base
// and the cap are small and configurable so tests run in milliseconds). The admin API can make
// deliveries slow or failing for a while.

export interface DeliveryConfig {
  /** First retry delay; doubles each attempt. Graph's is in seconds; tests use a few ms. */
  retryBaseMs: number;
  /** Attempts in total before a POST is abandoned. */
  maxAttempts: number;
  /** Graph publishes with a 3-second HTTP timeout. */
  timeoutMs: number;
}

export const DEFAULT_DELIVERY_CONFIG: DeliveryConfig = { retryBaseMs: 1_000, maxAttempts: 6, timeoutMs: 3_000 };

export interface DeliveryFault {
  /** Added before each POST. */
  latencyMs: number;
  /** When set, attempts fail as if the endpoint answered this status (no POST is sent). */
  failStatus: number | null;
  /** Attempts still affected; null = until `until`. */
  remaining: number | null;
  /** Wall-clock end; null = until `remaining` runs out. */
  until: number | null;
}

export interface DeliveryOutcome {
  delivered: boolean;
  attempts: number;
}

export class Deliverer {
  config: DeliveryConfig = { ...DEFAULT_DELIVERY_CONFIG };
  private fault: DeliveryFault | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;

  setFault(fault: DeliveryFault | null): void {
    this.fault = fault;
  }

  currentFault(): DeliveryFault | null {
    this.expireFault();
    return this.fault;
  }

  get pending(): number {
    return this.inFlight;
  }

  /** POSTs `payload` as JSON until a 2xx or the attempts run out; `onAttemptFailed` counts failures. */
  async post(url: string, payload: unknown, onAttemptFailed: () => void): Promise<DeliveryOutcome> {
    this.inFlight += 1;
    try {
      for (let attempt = 1; ; attempt += 1) {
        if (await this.attempt(url, payload)) return { delivered: true, attempts: attempt };
        onAttemptFailed();
        if (attempt >= this.config.maxAttempts) return { delivered: false, attempts: attempt };
        await this.sleep(this.config.retryBaseMs * 2 ** (attempt - 1));
      }
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Cancels pending retry waits (simulator shutdown). */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async attempt(url: string, payload: unknown): Promise<boolean> {
    const fault = this.takeFault();
    if (fault && fault.latencyMs > 0) await this.sleep(fault.latencyMs);
    if (fault && fault.failStatus !== null) return false;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.status >= 200 && res.status <= 299;
    } catch {
      return false;
    }
  }

  private takeFault(): DeliveryFault | null {
    this.expireFault();
    const fault = this.fault;
    if (!fault) return null;
    if (fault.remaining !== null) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.fault = null;
    }
    return fault;
  }

  private expireFault(): void {
    if (this.fault && this.fault.until !== null && Date.now() >= this.fault.until) this.fault = null;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      timer.unref();
      this.timers.add(timer);
    });
  }
}
