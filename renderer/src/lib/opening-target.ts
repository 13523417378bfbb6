// Where the popup should open when the web host opened it for a notification click (no page was
// open to receive the `navigate`): the target travels in the URL fragment, `#open=<JSON>`, which
// survives the host's secret → cookie redirect and never reaches the server. It is checked field
// by field — anything else in the address bar opens the inbox as usual.
import type { NavigateTarget } from '../../../preload/contract.ts';

const MAX_ID = 2048;
const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= MAX_ID;

export function openingTarget(hash: string): NavigateTarget | null {
  if (!hash.startsWith('#open=')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeURIComponent(hash.slice('#open='.length)));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const t = parsed as Record<string, unknown>;
  switch (t['kind']) {
    case 'message':
      return isId(t['accountId']) && isId(t['messageId']) ? { kind: 'message', accountId: t['accountId'], messageId: t['messageId'] } : null;
    case 'event':
      return isId(t['accountId']) && isId(t['eventId']) ? { kind: 'event', accountId: t['accountId'], eventId: t['eventId'] } : null;
    case 'inbox':
      return t['accountId'] === null || isId(t['accountId']) ? { kind: 'inbox', accountId: t['accountId'] } : null;
    case 'agenda':
      return { kind: 'agenda' };
    case 'settings':
      return { kind: 'settings' };
    default:
      return null;
  }
}
