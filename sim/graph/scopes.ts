// Which delegated scopes a call needs (Graph's permission tables on each API page, e.g.
// https://learn.microsoft.com/graph/api/message-update#permissions). Missing → 403 ErrorAccessDenied.
import { GraphError, type GraphCall } from './graph-call.ts';

export type Need = 'mailRead' | 'mailWrite' | 'mailSend' | 'calendarRead' | 'calendarWrite';

const SATISFIED_BY: Record<Need, readonly string[]> = {
  mailRead: ['mail.readbasic', 'mail.read', 'mail.readwrite'],
  mailWrite: ['mail.readwrite'],
  mailSend: ['mail.send'],
  calendarRead: ['calendars.readbasic', 'calendars.read', 'calendars.readwrite'],
  calendarWrite: ['calendars.readwrite'],
};

export function normalizeScope(scope: string): string {
  return scope.replace(/^https:\/\/graph\.microsoft\.com\//i, '').toLowerCase();
}

export function requireScope(call: GraphCall, need: Need): void {
  const granted = new Set((call.token?.scopes ?? []).map(normalizeScope));
  if (SATISFIED_BY[need].some((s) => granted.has(s))) return;
  throw new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
}
