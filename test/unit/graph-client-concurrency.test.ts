// GraphClient's per-mailbox limit counted as Graph counts it: each inner request of a $batch is
// one of the mailbox's 4 concurrent requests (GRAPH-NOTES "Throttling"). A scripted transport
// holds every HTTP exchange until the test answers it, and counts what Graph would see in flight
// (a $batch = its inner requests), so the checks are about order, never about time.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../main/core/fake-clock.ts';
import { GraphClient } from '../../main/core/graph/graph-client.ts';
import type { GraphRequest, GraphResponse } from '../../main/core/graph/graph-request.ts';

interface Exchange {
  url: string;
  /** Requests Graph counts for this exchange: the inner requests of a $batch, else 1. */
  weight: number;
  innerIds: string[];
  answer(): void;
}

/** A fetch that holds each exchange until answered and tracks Graph-counted requests in flight. */
class ScriptedTransport {
  readonly open: Exchange[] = [];
  readonly sent: Exchange[] = [];
  inFlight = 0;
  peak = 0;

  readonly fetch: typeof globalThis.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const isBatch = url.endsWith('/$batch');
    const innerIds = isBatch ? (JSON.parse(String(init?.body)) as { requests: { id: string }[] }).requests.map((r) => r.id) : [];
    const weight = isBatch ? innerIds.length : 1;
    this.inFlight += weight;
    this.peak = Math.max(this.peak, this.inFlight);
    return new Promise<Response>((resolve) => {
      const exchange: Exchange = {
        url,
        weight,
        innerIds,
        answer: () => {
          this.open.splice(this.open.indexOf(exchange), 1);
          this.inFlight -= weight;
          const body = isBatch ? { responses: innerIds.map((id) => ({ id, status: 200, headers: {}, body: { id } })) } : { ok: true };
          resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }));
        },
      };
      this.open.push(exchange);
      this.sent.push(exchange);
    });
  };

  /** Lets queued promise work run (no clock involved) until `open` has `count` exchanges. */
  async settle(count: number): Promise<void> {
    for (let i = 0; i < 200 && this.open.length !== count; i += 1) await new Promise((resolve) => setImmediate(resolve));
    // A few more turns: anything that should NOT have gone out has had every chance to.
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(this.open.map((e) => pathOf(e)), 'exchanges open at once').toHaveLength(count);
  }
}

function pathOf(exchange: Exchange): string {
  return new URL(exchange.url).pathname.replace(/^\/v1\.0/, '');
}

function client(transport: ScriptedTransport, maxConcurrency?: number): GraphClient {
  return new GraphClient({
    accountId: 'ada@contoso.com',
    tokens: { getAccessToken: () => Promise.resolve('token') },
    clock: new FakeClock(Date.UTC(2026, 10, 2, 9)),
    baseUrl: 'https://graph.test',
    fetch: transport.fetch,
    ...(maxConcurrency !== undefined ? { maxConcurrency } : {}),
  });
}

const get = (name: string): GraphRequest => ({ method: 'GET', url: `/me/${name}` });
const pollBatch = [get('inbox-delta'), get('calendar-delta'), get('unread-count')];

describe('GraphClient concurrency, counted as Graph counts it', () => {
  it('a batch of 3 and two single calls: never more than 4 Graph requests in flight', async () => {
    const transport = new ScriptedTransport();
    const graph = client(transport);
    const batch = graph.batch(pollBatch);
    await transport.settle(1);
    const first = graph.send(get('one'));
    const second = graph.send(get('two'));

    // The batch holds 3 permits, the first single the 4th; the second single waits.
    await transport.settle(2);
    expect(transport.open.map(pathOf)).toEqual(['/$batch', '/me/one']);
    expect(transport.inFlight).toBe(4);

    transport.open.find((e) => pathOf(e) === '/me/one')?.answer();
    await transport.settle(2);
    expect(transport.open.map(pathOf)).toEqual(['/$batch', '/me/two']);

    transport.open.find((e) => pathOf(e) === '/$batch')?.answer();
    await transport.settle(1);
    transport.open[0]?.answer();
    const [responses, one, two] = await Promise.all([batch, first, second]);
    expect(responses.map((r: GraphResponse) => r.status)).toEqual([200, 200, 200]);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect(transport.peak).toBe(4);
    expect(transport.sent.map(pathOf)).toEqual(['/$batch', '/me/one', '/me/two']);
  });

  it('a waiting batch is not overtaken by a single call that arrives after it (FIFO)', async () => {
    const transport = new ScriptedTransport();
    const graph = client(transport);
    const singles = [graph.send(get('a')), graph.send(get('b')), graph.send(get('c'))];
    await transport.settle(3);
    const batch = graph.batch(pollBatch);
    await transport.settle(3);
    const late = graph.send(get('late'));
    // One permit is free, but the batch (needs 3) came first: the late call waits behind it.
    await transport.settle(3);
    expect(transport.open.map(pathOf)).toEqual(['/me/a', '/me/b', '/me/c']);

    transport.open[0]?.answer();
    await transport.settle(2);
    expect(transport.open.map(pathOf)).toEqual(['/me/b', '/me/c']);
    transport.open[0]?.answer();
    // Now 3 are free: the batch goes out, and the late call still waits for the 4th.
    await transport.settle(2);
    expect(transport.open.map(pathOf)).toEqual(['/me/c', '/$batch']);
    expect(transport.inFlight).toBe(4);

    transport.open[0]?.answer();
    await transport.settle(2);
    expect(transport.open.map(pathOf)).toEqual(['/$batch', '/me/late']);
    transport.open[0]?.answer();
    await transport.settle(1);
    transport.open[0]?.answer();
    await Promise.all([...singles, batch, late]);
    expect(transport.peak).toBe(4);
    expect(transport.sent.map(pathOf)).toEqual(['/me/a', '/me/b', '/me/c', '/$batch', '/me/late']);
  });

  it('a batch larger than the limit holds the whole limit, and never waits for more (no deadlock)', async () => {
    const transport = new ScriptedTransport();
    const graph = client(transport, 2);
    const batch = graph.batch([get('a'), get('b'), get('c'), get('d'), get('e')]);
    await transport.settle(1);
    const single = graph.send(get('single'));
    await transport.settle(1);
    expect(transport.open.map(pathOf)).toEqual(['/$batch']);
    transport.open[0]?.answer();
    await transport.settle(1);
    expect(transport.open.map(pathOf)).toEqual(['/me/single']);
    transport.open[0]?.answer();
    expect(await batch).toHaveLength(5);
    expect((await single).status).toBe(200);
  });

  it('one-request batches and single calls fill all 4 permits', async () => {
    const transport = new ScriptedTransport();
    const graph = client(transport);
    const work = [graph.batch([get('batched')]), graph.send(get('a')), graph.send(get('b')), graph.send(get('c')), graph.send(get('d'))];
    await transport.settle(4);
    expect(transport.inFlight).toBe(4);
    transport.open[0]?.answer();
    await transport.settle(4);
    expect(transport.sent).toHaveLength(5);
    while (transport.open.length > 0) {
      const open = transport.open.length;
      transport.open[0]?.answer();
      await transport.settle(open - 1);
    }
    await Promise.all(work);
    expect(transport.peak).toBe(4);
  });
});
