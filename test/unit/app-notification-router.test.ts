// NotificationRouter: forwards to the host and remembers live intents by id, bounded.
import { describe, expect, it } from 'vitest';
import { NotificationRouter } from '../../main/core/app/notification-router.ts';
import type { NotificationIntent } from '../../main/core/notify/notification-intent.ts';
import { RecordingSink } from '../support/engine-harness.ts';

const mail = (id: string): NotificationIntent => ({
  type: 'mail',
  id,
  accountId: 'acc',
  messageId: id,
  sender: 'A',
  vip: false,
  title: 'A',
  body: 'b',
  actions: [],
  target: { kind: 'message', accountId: 'acc', messageId: id },
  createdAt: 0,
  silent: false,
});

describe('NotificationRouter', () => {
  it('forwards shows and retractions and remembers what is live', async () => {
    const host = new RecordingSink();
    const router = new NotificationRouter(host);
    await router.show(mail('m1'));
    await router.show(mail('m2'));
    expect(host.shown.map((i) => i.id)).toEqual(['m1', 'm2']);
    expect(router.intent('m1')?.id).toBe('m1');
    await router.retract({ intentId: 'm1', reason: 'readElsewhere' });
    expect(host.retracted).toEqual([{ intentId: 'm1', reason: 'readElsewhere' }]);
    expect(router.intent('m1')).toBeUndefined();
    router.forget('m2');
    expect(router.intent('m2')).toBeUndefined();
  });

  it('remembers an intent even when the host fails to show it (the engine retries)', async () => {
    const router = new NotificationRouter({
      show: () => Promise.reject(new Error('notification daemon gone')),
      retract: () => undefined,
    });
    await expect(router.show(mail('m1'))).rejects.toThrow('daemon');
    expect(router.intent('m1')).toBeDefined();
  });

  it('forgets the oldest beyond 500 live intents', async () => {
    const router = new NotificationRouter(new RecordingSink());
    for (let i = 0; i < 501; i += 1) await router.show(mail(`m${i}`));
    expect(router.intent('m0')).toBeUndefined();
    expect(router.intent('m1')).toBeDefined();
    expect(router.intent('m500')).toBeDefined();
  });
});
