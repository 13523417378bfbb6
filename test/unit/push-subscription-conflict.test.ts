// Deciding whose a conflicting subscription (409) is, and what the settings page then says.
import { describe, expect, it } from 'vitest';
import { describeFailure, FOREIGN_SUBSCRIPTION_REASON, isValidationFailure } from '../../main/core/push/push-failure.ts';
import { collidingWith, conflictingIdFrom, ForeignSubscriptionError, isOurs } from '../../main/core/push/subscription-conflict.ts';

const OUR_URL = 'https://ours.example/notifications';
const mail = { resource: "me/mailFolders('inbox')/messages", changeType: 'created,updated' };

describe('subscription conflicts', () => {
  it('reads the conflicting id from Graph’s 409 message, with or without angle brackets', () => {
    expect(conflictingIdFrom('Subscription Id 7f1c-42 already exists for the requested combination')).toBe('7f1c-42');
    expect(conflictingIdFrom('Subscription Id <7f1c-42> already exists for the requested combination')).toBe('7f1c-42');
    expect(conflictingIdFrom('Conflict')).toBeNull();
  });

  it('finds the colliding subscriptions by resource (either key form, any case) and the same change types', () => {
    const listed = [
      { id: 'a', resource: 'me/mailFolders/Inbox/messages', changeType: 'updated,created', notificationUrl: OUR_URL },
      { id: 'b', resource: "me/mailFolders('inbox')/messages", changeType: 'created', notificationUrl: OUR_URL },
      { id: 'c', resource: 'me/events', changeType: 'created,updated', notificationUrl: OUR_URL },
    ];
    expect(collidingWith(listed, mail.resource, mail.changeType).map((s) => s.id)).toEqual(['a']);
  });

  it('calls a subscription ours only by a persisted id or our own notification URL', () => {
    const sub = { id: 'x', ...mail, notificationUrl: 'https://elsewhere.example/notifications' };
    expect(isOurs(sub, new Set(), OUR_URL)).toBe(false);
    expect(isOurs(sub, new Set(['x']), OUR_URL)).toBe(true);
    expect(isOurs({ ...sub, notificationUrl: OUR_URL }, new Set(), OUR_URL)).toBe(true);
  });

  it('reports someone else’s subscription as a retried failure with a plain reason, not a validation failure', () => {
    const failure = describeFailure(new ForeignSubscriptionError(mail.resource, 'x'));
    expect(failure).toEqual({ kind: 'conflict', reason: FOREIGN_SUBSCRIPTION_REASON });
    expect(isValidationFailure(failure)).toBe(false);
    expect(FOREIGN_SUBSCRIPTION_REASON).toMatch(/another Herald, or another app on this account; polling instead/);
  });
});
