// The powerMonitor adapter: a wake reaches the core once, however many events announce it.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { WAKE_COALESCE_MS, watchSystemWake, type WakeSource } from '../../main/shell/system-wake.ts';

function powerMonitor(): EventEmitter & WakeSource {
  return new EventEmitter() as EventEmitter & WakeSource;
}

describe('watchSystemWake', () => {
  it('calls the core on resume and on unlock-screen, once per wake', () => {
    const monitor = powerMonitor();
    let t = 1_000_000;
    const wakes: number[] = [];
    watchSystemWake(monitor, () => wakes.push(t), () => t);
    monitor.emit('resume');
    t += 1_500;
    monitor.emit('unlock-screen'); // the same wake
    expect(wakes).toEqual([1_000_000]);
    t += WAKE_COALESCE_MS;
    monitor.emit('unlock-screen'); // a later unlock is news
    expect(wakes).toEqual([1_000_000, 1_000_000 + 1_500 + WAKE_COALESCE_MS]);
  });

  it('ignores the other power events', () => {
    const monitor = powerMonitor();
    const wakes: number[] = [];
    watchSystemWake(monitor, () => wakes.push(1));
    for (const event of ['suspend', 'lock-screen', 'on-ac', 'on-battery', 'shutdown']) monitor.emit(event);
    expect(wakes).toEqual([]);
  });
});
