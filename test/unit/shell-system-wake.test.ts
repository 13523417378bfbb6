// The powerMonitor adapter: a wake reaches the core (which counts signals seconds apart once).
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { watchSystemWake, type WakeSource } from '../../main/shell/system-wake.ts';

function powerMonitor(): EventEmitter & WakeSource {
  return new EventEmitter() as EventEmitter & WakeSource;
}

describe('watchSystemWake', () => {
  it('calls the core on resume and on unlock-screen', () => {
    const monitor = powerMonitor();
    const wakes: string[] = [];
    let current = '';
    watchSystemWake(monitor, () => wakes.push(current));
    current = 'resume';
    monitor.emit('resume');
    current = 'unlock';
    monitor.emit('unlock-screen');
    expect(wakes).toEqual(['resume', 'unlock']);
  });

  it('ignores the other power events', () => {
    const monitor = powerMonitor();
    const wakes: number[] = [];
    watchSystemWake(monitor, () => wakes.push(1));
    for (const event of ['suspend', 'lock-screen', 'on-ac', 'on-battery', 'shutdown']) monitor.emit(event);
    expect(wakes).toEqual([]);
  });
});
