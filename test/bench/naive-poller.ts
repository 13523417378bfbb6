// The baseline the core is measured against: what a simple tray notifier does each cycle —
// GET the top 25 inbox messages and the next 7 days of calendarView, no delta, no batching.

export interface NaiveCycleResult {
  requests: number;
  responseBytes: number;
  requestBytes: number;
}

export class NaivePoller {
  constructor(
    private readonly graphRoot: string, // e.g. http://127.0.0.1:4010/v1.0
    private readonly accessToken: string,
    private readonly now: () => number = Date.now,
  ) {}

  async cycle(): Promise<NaiveCycleResult> {
    const start = new Date(this.now()).toISOString();
    const end = new Date(this.now() + 7 * 86_400_000).toISOString();
    const urls = [
      `${this.graphRoot}/me/mailFolders/inbox/messages?$top=25`,
      `${this.graphRoot}/me/calendarView?startDateTime=${start}&endDateTime=${end}`,
    ];
    let responseBytes = 0;
    let requestBytes = 0;
    for (const url of urls) {
      const res = await fetch(url, { headers: { authorization: `Bearer ${this.accessToken}` } });
      const body = Buffer.from(await res.arrayBuffer());
      if (!res.ok) throw new Error(`naive poller: ${res.status} for ${url}`);
      responseBytes += body.length;
      requestBytes += url.length;
    }
    return { requests: urls.length, responseBytes, requestBytes };
  }
}
