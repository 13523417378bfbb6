// A stand-in for the user's tunnel: an HTTP server on loopback that forwards every request to
// the push receiver, and can be stopped (the tunnel died) and started again on the same port.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TunnelProxy {
  /** The "public" URL: what the user enters as the tunnel's address. */
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startTunnelProxy(target: () => string | null): Promise<TunnelProxy> {
  let server: Server | null = null;
  let port = 0;
  const listen = async () => {
    const created = createServer((req, res) => {
      const base = target();
      if (base === null) return void res.writeHead(502).end();
      const upstream = request(new URL(req.url ?? '/', base), { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve, reject) => {
      created.once('error', reject);
      created.listen(port, '127.0.0.1', () => resolve());
    });
    port = (created.address() as AddressInfo).port;
    server = created;
  };
  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      const running = server;
      server = null;
      if (!running) return;
      running.closeAllConnections();
      await new Promise<void>((resolve) => running.close(() => resolve()));
    },
    start: listen,
  };
}
