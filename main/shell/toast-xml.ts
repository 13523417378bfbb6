// A NotificationIntent as Windows toast XML (Electron's `toastXml` option, which supersedes the
// other constructor options on Windows: https://www.electronjs.org/docs/latest/api/notification).
// Schema: https://learn.microsoft.com/en-us/uwp/schemas/tiles/toastschema/element-toast,
// element-action, element-audio. The toast and every button activate by protocol
// (`herald://notification/<intent id>/<action>`, see protocol-links.ts): Electron's `action` event
// does not fire for unpackaged Windows apps (electron/electron#51147), a protocol launch does.
import type { NotificationIntent } from '../core/notify/notification-intent.ts';
import { activationFor, heraldNotificationUrl } from './protocol-links.ts';

/** Windows shows at most five buttons (element-actions). */
export const MAX_TOAST_BUTTONS = 5;
/** ToastGeneric shows at most three `<text>` lines: the title and two of body. */
const MAX_BODY_LINES = 2;

// Characters XML 1.0 forbids (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF, lone surrogates):
// one in a subject would make the whole toast invalid, so it is dropped, not escaped.
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text safe inside an element or a quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(XML_INVALID, '').replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
}

/** The body as up to two `<text>` lines (the first line, then the rest joined). */
function bodyLines(body: string): string[] {
  const lines = body
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (lines.length <= MAX_BODY_LINES) return lines;
  return [...lines.slice(0, MAX_BODY_LINES - 1), lines.slice(MAX_BODY_LINES - 1).join(' ')];
}

export function toastXmlFor(intent: NotificationIntent): string {
  const launch = escapeXml(heraldNotificationUrl(intent.id, 'default'));
  // A reminder stays on screen until handled (scenario "reminder"; Windows honours it only
  // when the toast has a button, which reminders do).
  const scenario = intent.type === 'reminder' ? ' scenario="reminder"' : '';
  const texts = [intent.title, ...bodyLines(intent.body)].map((text) => `<text>${escapeXml(text)}</text>`).join('');
  const buttons = intent.actions
    .slice(0, MAX_TOAST_BUTTONS)
    .map(
      (action) =>
        `<action content="${escapeXml(action.label)}" activationType="protocol" arguments="${escapeXml(heraldNotificationUrl(intent.id, activationFor(action)))}"/>`,
    )
    .join('');
  return [
    `<toast launch="${launch}" activationType="protocol"${scenario}>`,
    `<visual><binding template="ToastGeneric">${texts}</binding></visual>`,
    buttons ? `<actions>${buttons}</actions>` : '',
    intent.silent ? '<audio silent="true"/>' : '',
    '</toast>',
  ].join('');
}
