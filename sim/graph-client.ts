// A minimal Graph caller for the simulator's own tests and scripts: raw status, headers and JSON,
// no retries, no interpretation (the engine has its real client in main/core/graph).

export interface RawGraphResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  /** The body text, for malformed-JSON checks and byte counts. */
  text: string;
}

export class SimGraphClient {
  constructor(
    readonly baseUrl: string,
    public accessToken: string,
    readonly version: 'v1.0' | 'beta' = 'v1.0',
  ) {}

  /** `path` relative to the version root ("/me/…"), or an absolute nextLink / deltaLink. */
  async request<T = Record<string, unknown>>(method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<RawGraphResponse<T>> {
    const url = /^https?:\/\//.test(path) ? path : `${this.baseUrl}/${this.version}${path}`;
    const headers: Record<string, string> = { authorization: `Bearer ${this.accessToken}`, ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
    const text = await res.text();
    let body: unknown = undefined;
    if (text.length > 0 && (res.headers.get('content-type') ?? '').includes('json')) {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = undefined;
      }
    }
    return { status: res.status, headers: res.headers, body: body as T, text };
  }

  get<T = Record<string, unknown>>(path: string, headers: Record<string, string> = {}): Promise<RawGraphResponse<T>> {
    return this.request<T>('GET', path, { headers });
  }

  /** Follows nextLinks to the end of a delta round; returns every item and the deltaLink. */
  async deltaRound(firstUrl: string, headers: Record<string, string> = {}): Promise<{ items: Record<string, unknown>[]; deltaLink: string; pages: number }> {
    const items: Record<string, unknown>[] = [];
    let url: string | undefined = firstUrl;
    let pages = 0;
    while (url) {
      const res: RawGraphResponse<Record<string, unknown>> = await this.get(url, headers);
      if (res.status !== 200) throw new Error(`delta page answered ${res.status}: ${res.text}`);
      pages += 1;
      items.push(...(res.body['value'] as Record<string, unknown>[]));
      const next = res.body['@odata.nextLink'];
      const delta = res.body['@odata.deltaLink'];
      if (typeof delta === 'string') return { items, deltaLink: delta, pages };
      url = typeof next === 'string' ? next : undefined;
    }
    throw new Error('delta round ended without a deltaLink');
  }
}
