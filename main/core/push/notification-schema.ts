// The shapes Graph POSTs to a webhook, checked strictly before anything is queued:
// changeNotificationCollection (https://learn.microsoft.com/graph/api/resources/changenotificationcollection)
// of changeNotification (…/resources/changenotification). Change notifications carry
// `changeType`, lifecycle notifications `lifecycleEvent` (mutually exclusive). Fields we do not
// use are allowed and ignored (Graph adds some, e.g. `organizationId` instead of `tenantId`),
// and nothing in `resourceData` is trusted: a notification only triggers a delta sync.
import { z } from 'zod';

const subscriptionId = z.string().min(1).max(200);
const clientState = z.string().max(255).nullable().optional();

export const changeNotificationSchema = z.object({
  subscriptionId,
  clientState,
  changeType: z.enum(['created', 'updated', 'deleted']),
  resource: z.string().max(2_000).optional(),
  subscriptionExpirationDateTime: z.string().max(64).optional(),
  tenantId: z.string().max(100).nullable().optional(),
});

export const lifecycleNotificationSchema = z.object({
  subscriptionId,
  clientState,
  lifecycleEvent: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']),
  subscriptionExpirationDateTime: z.string().max(64).optional(),
  tenantId: z.string().max(100).nullable().optional(),
});

/** A POST body holds at most this many notifications (Graph batches; a flood is hostile). */
export const MAX_NOTIFICATIONS_PER_POST = 1_000;

export const changeNotificationCollectionSchema = z.object({
  value: z.array(changeNotificationSchema).min(1).max(MAX_NOTIFICATIONS_PER_POST),
});

export const lifecycleNotificationCollectionSchema = z.object({
  value: z.array(lifecycleNotificationSchema).min(1).max(MAX_NOTIFICATIONS_PER_POST),
});

export type ChangeNotification = z.infer<typeof changeNotificationSchema>;
export type LifecycleNotification = z.infer<typeof lifecycleNotificationSchema>;
export type LifecycleEvent = LifecycleNotification['lifecycleEvent'];
