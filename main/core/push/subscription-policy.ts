// What one account's subscriptions ask Graph for, and when they are renewed or retried
// (https://learn.microsoft.com/graph/api/resources/subscription#subscription-lifetime).
import type { SubscriptionPurpose } from './subscription-state.ts';

export const SUBSCRIPTION_SPECS: Record<SubscriptionPurpose, { resource: string; changeType: string }> = {
  mail: { resource: "me/mailFolders('inbox')/messages", changeType: 'created,updated' },
  events: { resource: 'me/events', changeType: 'created,updated,deleted' },
};

/** GRAPH-NOTES: Outlook message / event subscriptions without resource data. */
export const MAX_EXPIRATION_MS = 10_080 * 60_000;
/** Clock skew between us and Graph must not push a request past the maximum (→ 400). */
export const EXPIRATION_MARGIN_MS = 15 * 60_000;
export const RENEW_BEFORE_MS = 24 * 60 * 60_000;
/**
 * The lifetime asked for when Graph refused the maximum as too far in the future: this
 * machine's clock runs more than the margin ahead of Graph's (a VM after suspend, a bad RTC).
 * Three days tolerates days of skew and still leaves two between renewals.
 */
export const SKEWED_CLOCK_LIFETIME_MS = 3 * 24 * 60 * 60_000;
/** After a transient failure (network, 5xx, throttling) the whole setup is tried again. */
export const RETRY_AFTER_FAILURE_MS = 5 * 60_000;
