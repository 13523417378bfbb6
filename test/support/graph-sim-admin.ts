// Thin wrappers over the simulator's admin API (sim/README.md) used by the graph and mail
// integration tests. Each throws with the simulator's answer when a call fails, so a broken
// fixture shows up as such rather than as a confusing assertion later.

export interface SimMessageInput {
  from: { name: string; address: string };
  subject: string;
  bodyHtml: string;
  receivedDateTime?: string;
  isRead?: boolean;
  importance?: 'low' | 'normal' | 'high';
  inferenceClassification?: 'focused' | 'other';
}

export interface SimFault {
  kind: '429' | '503' | '504' | '401' | 'latency' | 'reset' | 'malformedJson' | 'mailboxNotEnabled' | 'mailboxNotSupported';
  path?: string;
  pathRegex?: string;
  method?: string;
  user?: string;
  times?: number;
  retryAfterSeconds?: number;
  latencyMs?: number;
  scope?: 'outer' | 'inner';
}

export interface SimRequestLogEntry {
  seq: number;
  method: string;
  path: string;
  status: number;
  requestBytes: number;
  responseBytes: number;
  inner: boolean;
  upn?: string;
  fault?: string;
}

export class SimAdmin {
  constructor(readonly url: string) {}

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/_admin${path}`, {
      method,
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`Simulator admin ${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  addUser(upn: string, displayName: string): Promise<unknown> {
    return this.call('POST', '/users', { upn, displayName });
  }

  async addMessage(upn: string, message: SimMessageInput): Promise<string> {
    const { id } = await this.call<{ id: string }>('POST', `/users/${encodeURIComponent(upn)}/messages`, message);
    return id;
  }

  bulkMessages(upn: string, body: { count: number; startDateTime?: string; endDateTime?: string }): Promise<unknown> {
    return this.call('POST', `/users/${encodeURIComponent(upn)}/messages/bulk`, body);
  }

  patchMessage(upn: string, id: string, patch: Record<string, unknown>): Promise<unknown> {
    return this.call('PATCH', `/users/${encodeURIComponent(upn)}/messages/${encodeURIComponent(id)}`, patch);
  }

  deleteMessage(upn: string, id: string): Promise<unknown> {
    return this.call('DELETE', `/users/${encodeURIComponent(upn)}/messages/${encodeURIComponent(id)}`);
  }

  expireDeltaTokens(upn: string): Promise<unknown> {
    return this.call('POST', `/users/${encodeURIComponent(upn)}/expire-delta-tokens`, {});
  }

  addFault(fault: SimFault): Promise<unknown> {
    return this.call('POST', '/faults', fault);
  }

  clearFaults(): Promise<unknown> {
    return this.call('DELETE', '/faults');
  }

  requests(): Promise<SimRequestLogEntry[]> {
    return this.call<SimRequestLogEntry[]>('GET', '/requests');
  }

  clearRequests(): Promise<unknown> {
    return this.call('DELETE', '/requests');
  }
}
