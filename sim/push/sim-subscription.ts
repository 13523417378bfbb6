// One Graph change-notification subscription as the simulator keeps it, and the rules of the
// resources it models (https://learn.microsoft.com/graph/api/subscription-post-subscriptions):
// Outlook `message` and `event` resources, at most 10,080 minutes without resource data.

export type SubscribedKind = 'inboxMessages' | 'allMessages' | 'events';
export type ChangeType = 'created' | 'updated' | 'deleted';
export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

/** Outlook message / event subscriptions without resource data: under 7 days. */
export const MAX_EXPIRATION_MINUTES = 10_080;

export interface DeliveryCounters {
  /** Notification POSTs answered 2xx. */
  delivered: number;
  /** Individual change notifications inside delivered POSTs. */
  notificationsDelivered: number;
  /** Attempts that failed (non-2xx, timeout, connection error). */
  failedAttempts: number;
  /** POSTs given up after the last retry. */
  abandoned: number;
  /** POSTs dropped on purpose (admin `drop`). */
  dropped: number;
  lifecycleDelivered: number;
}

export interface SimSubscription {
  readonly id: string;
  readonly userId: string;
  readonly tenantId: string;
  readonly applicationId: string;
  /** As the client sent it. */
  readonly resource: string;
  readonly kind: SubscribedKind;
  readonly changeTypes: ReadonlySet<ChangeType>;
  /** As sent (comma list), echoed back. */
  readonly changeType: string;
  readonly notificationUrl: string;
  readonly lifecycleNotificationUrl: string | null;
  readonly clientState: string | null;
  /** As Graph answers it: v1_2 when the client sent none. */
  readonly latestSupportedTlsVersion: string;
  /** As the client sent it (null: absent), for the admin view. */
  readonly latestSupportedTlsVersionSent: string | null;
  expiresAt: number;
  /** The mailbox / calendar change sequence already turned into notifications. */
  cursor: number;
  /** Admin: drop this many upcoming notification POSTs, then maybe send `missed`. */
  dropNext: number;
  missedAfterDrop: boolean;
  counters: DeliveryCounters;
}

export function emptyCounters(): DeliveryCounters {
  return { delivered: 0, notificationsDelivered: 0, failedAttempts: 0, abandoned: 0, dropped: 0, lifecycleDelivered: 0 };
}

/**
 * Which modelled resource a `resource` string names, or null. Accepts `me/…` and
 * `users/{id|upn}/…` (returned as `userRef`), a leading slash, any case, and both key forms
 * (`mailFolders('inbox')` and `mailFolders/inbox`).
 */
export function parseResource(resource: string): { kind: SubscribedKind; userRef: 'me' | string } | null {
  const path = resource
    .trim()
    .replace(/^\/+/, '')
    .replace(/\('([^']*)'\)/g, '/$1')
    .replace(/\("([^"]*)"\)/g, '/$1');
  const segments = path.split('/').filter((s) => s.length > 0);
  let userRef: string;
  let rest: string[];
  if (segments[0]?.toLowerCase() === 'me') {
    userRef = 'me';
    rest = segments.slice(1);
  } else if (segments[0]?.toLowerCase() === 'users' && segments[1]) {
    userRef = decodeURIComponentSafe(segments[1]);
    rest = segments.slice(2);
  } else return null;
  const lower = rest.map((s) => s.toLowerCase());
  if (lower.length === 3 && lower[0] === 'mailfolders' && lower[1] === 'inbox' && lower[2] === 'messages') return { kind: 'inboxMessages', userRef };
  if (lower.length === 1 && lower[0] === 'messages') return { kind: 'allMessages', userRef };
  if (lower.length === 1 && lower[0] === 'events') return { kind: 'events', userRef };
  return null;
}

/** `created,updated` → the set, or null when empty or unknown values appear. */
export function parseChangeTypes(changeType: string): Set<ChangeType> | null {
  const parts = changeType.split(',').map((p) => p.trim());
  const out = new Set<ChangeType>();
  for (const part of parts) {
    if (part !== 'created' && part !== 'updated' && part !== 'deleted') return null;
    out.add(part);
  }
  return out.size > 0 ? out : null;
}

/** Loopback receivers may use http (a documented deviation: in real life the tunnel is https). */
export function isAcceptableNotificationUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
}

export function subscriptionJson(sub: SimSubscription, version: string, baseUrl: string): Record<string, unknown> {
  return {
    '@odata.context': `${baseUrl}/${version}/$metadata#subscriptions/$entity`,
    id: sub.id,
    resource: sub.resource,
    applicationId: sub.applicationId,
    changeType: sub.changeType,
    clientState: sub.clientState,
    notificationUrl: sub.notificationUrl,
    lifecycleNotificationUrl: sub.lifecycleNotificationUrl,
    expirationDateTime: new Date(sub.expiresAt).toISOString(),
    creatorId: sub.userId,
    latestSupportedTlsVersion: sub.latestSupportedTlsVersion,
    includeResourceData: false,
    notificationContentType: 'application/json',
  };
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
