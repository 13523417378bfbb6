// What survives a restart of push for one account: the subscriptions we made (id, resource,
// clientState, expiry, URL), so a restart adopts the ones still alive instead of piling up new
// ones (Graph would answer 409 anyway). Stored through SyncStateStore (atomic writes, corrupt
// files set aside) under the key `push:<accountId>`, beside the account's sync state.
import { z } from 'zod';
import type { SyncStateStore } from '../state/sync-state-store.ts';

export const PUSH_STATE_VERSION = 1;

export const subscriptionPurposeSchema = z.enum(['mail', 'events']);
export type SubscriptionPurpose = z.infer<typeof subscriptionPurposeSchema>;

export const subscriptionRecordSchema = z.object({
  purpose: subscriptionPurposeSchema,
  id: z.string().min(1),
  resource: z.string().min(1),
  changeType: z.string().min(1),
  notificationUrl: z.string().min(1),
  clientState: z.string().min(1),
  /** Epoch ms. */
  expiresAt: z.number().int(),
});
export type SubscriptionRecord = z.infer<typeof subscriptionRecordSchema>;

export const pushStateSchema = z.object({
  version: z.literal(PUSH_STATE_VERSION),
  subscriptions: z.array(subscriptionRecordSchema).max(10),
});
export type PushState = z.infer<typeof pushStateSchema>;

export function emptyPushState(): PushState {
  return { version: PUSH_STATE_VERSION, subscriptions: [] };
}

export function pushStateKey(accountId: string): string {
  return `push:${accountId}`;
}

/** The push part of the profile directory for one account. */
export class PushStateFile {
  constructor(
    private readonly store: SyncStateStore,
    private readonly accountId: string,
  ) {}

  async load(): Promise<PushState> {
    return (await this.store.load(pushStateKey(this.accountId), pushStateSchema, emptyPushState)).state;
  }

  save(records: readonly SubscriptionRecord[]): Promise<void> {
    const state: PushState = { version: PUSH_STATE_VERSION, subscriptions: [...records] };
    return this.store.save(pushStateKey(this.accountId), state);
  }

  remove(): Promise<void> {
    return this.store.remove(pushStateKey(this.accountId));
  }
}
