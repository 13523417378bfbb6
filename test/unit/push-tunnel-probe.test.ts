// TunnelProbe on a FakeClock with a scripted fetch: it probes only while there is a target,
// marks the tunnel down after two failures in a row (not one), up again at the next success,
// and counts an echo our receiver did not make (another server at that address) as a failure.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../main/core/fake-clock.ts';
import { silentLogger } from '../../main/core/log.ts';
import { TUNNEL_PROBE_INTERVAL_MS, TunnelProbe } from '../../main/core/push/tunnel-probe.ts';

type Answer = 'echo' | 'foreignEcho' | 'refused' | 'wrongBody';

function harness(initial: Answer) {
  const clock = new FakeClock(Date.UTC(2026, 10, 28, 9, 0));
  const echoed = new Set<string>();
  let answer: Answer = initial;
  let target: string | null = 'https://tunnel.example/notifications';
  const changes: boolean[] = [];
  const requested: string[] = [];
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = new URL(String(input));
    requested.push(url.origin + url.pathname);
    const token = url.searchParams.get('validationToken') ?? '';
    if (answer === 'refused') throw new TypeError('fetch failed');
    if (answer === 'echo') echoed.add(token);
    return new Response(answer === 'wrongBody' ? 'nope' : token, { status: 200 });
  };
  const probe = new TunnelProbe({ clock, target: () => target, echoedByUs: (t) => echoed.has(t), onChange: (r) => changes.push(r), logger: silentLogger, fetch });
  return {
    clock,
    probe,
    changes,
    requested,
    set: (next: Answer) => (answer = next),
    setTarget: (next: string | null) => (target = next),
    /** One probe, as the timer makes it (the timer itself: the last test). */
    tick: () => probe.probeNow(),
  };
}

describe('TunnelProbe', () => {
  it('down after two failures in a row, up at the next success; one failure alone changes nothing', async () => {
    const h = harness('echo');
    h.probe.start();
    await h.tick();
    expect(h.changes).toEqual([]);
    h.set('refused');
    await h.tick();
    expect(h.changes).toEqual([]);
    expect(h.probe.reachable).toBe(true);
    h.set('echo');
    await h.tick();
    h.set('refused');
    await h.tick();
    await h.tick();
    expect(h.changes).toEqual([false]);
    expect(h.probe.reachable).toBe(false);
    await h.tick();
    expect(h.changes).toEqual([false]);
    h.set('echo');
    await h.tick();
    expect(h.changes).toEqual([false, true]);
    expect(h.probe.reachable).toBe(true);
  });

  it('an echo our receiver did not make, or a wrong body, is a failure', async () => {
    for (const answer of ['foreignEcho', 'wrongBody'] as const) {
      const h = harness(answer);
      h.probe.start();
      await h.tick();
      await h.tick();
      expect(h.changes, answer).toEqual([false]);
    }
  });

  it('probes every interval on its clock while there is a target (push live), never without one or after stop', async () => {
    const h = harness('echo');
    h.setTarget(null);
    h.probe.start();
    await h.clock.advance(2 * TUNNEL_PROBE_INTERVAL_MS);
    expect(h.requested).toEqual([]);
    h.setTarget('https://tunnel.example/notifications');
    for (let i = 0; i < 3; i += 1) await h.clock.advance(TUNNEL_PROBE_INTERVAL_MS);
    await h.probe.probeNow();
    expect(h.requested.length).toBeGreaterThanOrEqual(3);
    expect(new Set(h.requested)).toEqual(new Set(['https://tunnel.example/notifications']));
    const before = h.requested.length;
    h.probe.stop();
    await h.clock.advance(3 * TUNNEL_PROBE_INTERVAL_MS);
    expect(h.requested.length).toBe(before);
    expect(h.changes).toEqual([]);
  });

  it('a stop/start (the public URL changed) while a probe is in flight: its verdict is void and one timer chain runs', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 28, 9, 0));
    const changes: boolean[] = [];
    const requested: string[] = [];
    let releaseFirst: (() => void) | null = null;
    const fetch: typeof globalThis.fetch = async (input) => {
      requested.push(new URL(String(input)).origin);
      // The first probe (to the old URL) hangs until released, then fails; every later one fails at once.
      if (requested.length === 1) await new Promise<void>((resolve) => (releaseFirst = resolve));
      throw new TypeError('fetch failed');
    };
    let target = 'https://old.example/notifications';
    const probe = new TunnelProbe({ clock, target: () => target, echoedByUs: () => true, onChange: (r) => changes.push(r), logger: silentLogger, fetch });
    probe.start();
    await clock.advance(TUNNEL_PROBE_INTERVAL_MS);
    expect(requested).toEqual(['https://old.example']);
    probe.stop();
    target = 'https://new.example/notifications';
    probe.start();
    const release = releaseFirst as (() => void) | null;
    if (!release) throw new Error('the first probe never reached fetch');
    release();
    // Let the stale probe and its timer callback run to the end (no time passes on the clock).
    for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(clock.pending, 'timers armed after the stale probe ended (one chain = 1)').toBe(1);
    // One failure against the new URL is not "down": the stale failure must not count with it.
    await clock.advance(TUNNEL_PROBE_INTERVAL_MS);
    for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(requested.filter((origin) => origin === 'https://new.example')).toHaveLength(1);
    expect(changes).toEqual([]);
    expect(probe.reachable).toBe(true);
    probe.stop();
  });
});
