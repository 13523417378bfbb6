// A create answered 409: "Subscription Id <id> already exists for the requested combination"
// (https://learn.microsoft.com/graph/api/subscription-post-subscriptions: duplicate subscriptions,
// the same changeType + resource, are not allowed). Whose is the existing one decides what we do:
// ours (an id we persisted, or our own notificationUrl after the state file was lost) is replaced;
// anyone else's (another Herald on another machine, another app on this account) is left alone,
// and this install polls instead of taking push away from it.

/** Push for this account already goes to another address; ours stays off it. */
export class ForeignSubscriptionError extends Error {
  constructor(
    readonly resource: string,
    readonly conflictingId: string | null,
  ) {
    super(`A subscription to ${resource} already exists for another notification URL${conflictingId ? ` (${conflictingId})` : ''}.`);
    this.name = 'ForeignSubscriptionError';
  }
}

/** The id Graph names in a 409 message, or null when the message has another shape. */
export function conflictingIdFrom(message: string): string | null {
  return /Subscription Id\s+<?([^\s<>]+?)>?\s+already exists/i.exec(message)?.[1] ?? null;
}

export interface ListedSubscription {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
}

/** The listed subscriptions (this app's, for this user) that collide with ours on Graph's rule. */
export function collidingWith<T extends ListedSubscription>(listed: readonly T[], resource: string, changeType: string): T[] {
  return listed.filter((sub) => sameResource(sub.resource, resource) && sameChangeTypes(sub.changeType, changeType));
}

/** Ours: an id we made (persisted or in memory), or one pointing at our own notification URL. */
export function isOurs(sub: ListedSubscription, ownIds: ReadonlySet<string>, notificationUrl: string): boolean {
  return ownIds.has(sub.id) || sub.notificationUrl === notificationUrl;
}

function normalizeResource(resource: string): string {
  return resource.trim().replace(/^\/+/, '').replace(/\('([^']*)'\)/g, '/$1').toLowerCase();
}

function sameResource(a: string, b: string): boolean {
  return normalizeResource(a) === normalizeResource(b);
}

function sameChangeTypes(a: string, b: string): boolean {
  const set = (s: string) => [...new Set(s.split(',').map((p) => p.trim()))].sort().join(',');
  return set(a) === set(b);
}
