// A bare webhook endpoint for the simulator's subscription tests: echoes validation tokens
// (unless told not to), records change-notification POSTs, and can fail or answer slowly.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimAdminClient } from '../../sim/admin-client.ts';
import { SimGraphClient } from '../../sim/graph-client.ts';
import { startSimulator, type RunningSimulator } from '../../sim/server.ts';

export interface Received {
  path: string;
  body: { value: Record<string, unknown>[] };
}

export class TestEndpoint {
  received: Received[] = [];
  validations = 0;
  /** POSTs that reached the endpoint (answered or not), validation handshakes excluded. */
  attempts = 0;
  mode: 'ok' | 'wrongEcho' | 'fail500' = 'ok';
  failNext = 0;
  /** Wall-time delay before answering a validation handshake. */
  validationDelayMs = 0;
  /** The next this-many notification POSTs are answered only after `slowDelayMs`. */
  slowNext = 0;
  slowDelayMs = 0;
  private server: Server | null = null;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const token = url.searchParams.get('validationToken');
        if (token !== null) {
          this.validations += 1;
          const answer = () => {
            if (this.mode === 'fail500') return void res.writeHead(500).end();
            res.writeHead(200, { 'content-type': 'text/plain' });
            res.end(this.mode === 'wrongEcho' ? encodeURIComponent(token) : token);
          };
          if (this.validationDelayMs > 0) setTimeout(answer, this.validationDelayMs);
          else answer();
          return;
        }
        this.attempts += 1;
        if (this.failNext > 0) {
          this.failNext -= 1;
          return void res.writeHead(503).end();
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'];
        if (this.slowNext > 0) {
          // Answered too late: the sender has given up, so this delivery does not count.
          this.slowNext -= 1;
          setTimeout(() => {
            if (!res.destroyed) res.writeHead(202).end();
          }, this.slowDelayMs);
          return;
        }
        this.received.push({ path: url.pathname, body });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  notifications(path = '/hook'): Record<string, unknown>[] {
    return this.received.filter((r) => r.path === path).flatMap((r) => r.body.value);
  }
}

/** Waits (wall time, generous) for something the simulator does on its own schedule. */
export async function until(check: () => boolean | Promise<boolean>, what: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A simulator with one user, that user's Graph client, and a TestEndpoint to subscribe. */
export interface SubscriptionSetup {
  sim: RunningSimulator;
  admin: SimAdminClient;
  graph: SimGraphClient;
  endpoint: TestEndpoint;
  hookUrl: string;
  close(): Promise<void>;
}

export async function startSubscriptionSetup(upn: string): Promise<SubscriptionSetup> {
  const sim = await startSimulator();
  const admin = new SimAdminClient(sim.url);
  await admin.addUser({ upn, displayName: upn.split('@')[0] ?? upn });
  const graph = new SimGraphClient(sim.url, (await admin.token(upn)).accessToken);
  const endpoint = new TestEndpoint();
  const hookUrl = await endpoint.start();
  return {
    sim,
    admin,
    graph,
    endpoint,
    hookUrl,
    async close() {
      await endpoint.close();
      await sim.close();
    },
  };
}
