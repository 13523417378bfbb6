// The weighted Semaphore behind GraphClient's per-mailbox limit: permits taken all at once, in
// arrival order (the plain one-permit behaviour is covered in graph-url.test.ts).
import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../main/core/graph/semaphore.ts';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('Semaphore with weights', () => {
  it('takes several permits at once and gives them back', async () => {
    const gate = new Semaphore(4);
    await gate.acquire(3);
    expect(gate.inUse).toBe(3);
    await gate.acquire();
    expect(gate.inUse).toBe(4);
    gate.release(3);
    gate.release();
    expect(gate.inUse).toBe(0);
  });

  it('serves waiters in arrival order: a small later request does not overtake a big earlier one', async () => {
    const gate = new Semaphore(4);
    await gate.acquire(3);
    const order: string[] = [];
    const big = gate.acquire(3).then(() => order.push('big'));
    const small = gate.acquire(1).then(() => order.push('small'));
    await turn();
    // One permit is free, but the big request waits first: nothing is granted yet.
    expect(order).toEqual([]);
    expect(gate.inUse).toBe(3);
    gate.release(3);
    await Promise.all([big, small]);
    expect(order).toEqual(['big', 'small']);
    expect(gate.inUse).toBe(4);
  });

  it('grants several waiting requests on one release when they all fit', async () => {
    const gate = new Semaphore(4);
    await gate.acquire(4);
    const granted: number[] = [];
    const waits = [1, 2, 1, 1].map((n, i) => gate.acquire(n).then(() => granted.push(i)));
    await turn();
    gate.release(4);
    await turn();
    // 1 + 2 + 1 fit; the last waits for a permit back.
    expect(granted).toEqual([0, 1, 2]);
    gate.release(1);
    await Promise.all(waits);
    expect(granted).toEqual([0, 1, 2, 3]);
  });

  it('run holds its permits for the work and releases them when it throws', async () => {
    const gate = new Semaphore(4);
    await expect(
      gate.run(async () => {
        expect(gate.inUse).toBe(2);
        throw new Error('boom');
      }, 2),
    ).rejects.toThrow('boom');
    expect(gate.inUse).toBe(0);
  });

  it('refuses permit counts it could never grant (a clear RangeError, not a wait for ever)', async () => {
    const gate = new Semaphore(4);
    await expect(gate.acquire(5)).rejects.toThrow(RangeError);
    await expect(gate.acquire(0)).rejects.toThrow(RangeError);
    await expect(gate.acquire(1.5)).rejects.toThrow(RangeError);
    expect(() => gate.release(-1)).toThrow(RangeError);
    expect(gate.inUse).toBe(0);
  });
});
