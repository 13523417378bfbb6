// Why push is not live, in the app's language (English and Russian, as the popup), shown as is
// in Settings › Instant delivery. Never the server's raw text: only its status and error code.
import { textLanguage } from '../notify/notification-texts.ts';

export interface PushTexts {
  conflict: string;
  signInAgain: string;
  validationUnreachable: string;
  refused(code: string): string;
  permission: string;
  network: string;
  graphAnswered(status: number, code: string): string;
  unexpected: string;
  tunnelDown: string;
  receiverPort: string;
  noUrl: string;
  noAccount: string;
}

export const PUSH_TEXTS_EN: PushTexts = {
  conflict: 'Push for this account is already delivered to another address — another Herald, or another app on this account; polling instead.',
  signInAgain: 'Sign in again to turn push back on.',
  validationUnreachable: 'Microsoft Graph could not validate the public URL: check that the tunnel is running and points at Herald.',
  refused: (code) => `Microsoft Graph refused the subscription (${code}).`,
  permission: 'Herald lacks the permission to subscribe to changes (Mail.Read, Calendars.Read).',
  network: "Can't reach Microsoft Graph; polling continues.",
  graphAnswered: (status, code) => `Microsoft Graph answered ${status} (${code}); polling continues and push will retry.`,
  unexpected: 'Push setup failed unexpectedly; polling continues and push will retry.',
  tunnelDown: 'Your tunnel address no longer reaches Herald (is the tunnel still running?); checking mail at your usual interval until it does.',
  receiverPort: 'The webhook receiver could not listen on its port (is another program using it?).',
  noUrl: 'Set the public HTTPS URL of your tunnel to turn push on.',
  noAccount: 'No account is signed in.',
};

const RU: PushTexts = {
  conflict: 'Push-уведомления для этой учётной записи уже доставляются по другому адресу — другому Herald или другой программе; Herald проверяет почту сам.',
  signInAgain: 'Войдите снова, чтобы включить push.',
  validationUnreachable: 'Microsoft Graph не смог проверить публичный адрес: убедитесь, что туннель запущен и ведёт к Herald.',
  refused: (code) => `Microsoft Graph отклонил подписку (${code}).`,
  permission: 'У Herald нет разрешения подписаться на изменения (Mail.Read, Calendars.Read).',
  network: 'Нет связи с Microsoft Graph; Herald проверяет почту сам.',
  graphAnswered: (status, code) => `Microsoft Graph ответил ${status} (${code}); Herald проверяет почту сам и попробует снова.`,
  unexpected: 'Не удалось настроить push; Herald проверяет почту сам и попробует снова.',
  tunnelDown: 'Адрес туннеля больше не ведёт к Herald (туннель ещё запущен?); пока он не заработает, почта проверяется с обычным интервалом.',
  receiverPort: 'Приёмник уведомлений не смог открыть свой порт (его занимает другая программа?).',
  noUrl: 'Укажите публичный HTTPS-адрес туннеля, чтобы включить push.',
  noAccount: 'Нет ни одной учётной записи.',
};

export function pushTexts(locale: string | null | undefined): PushTexts {
  return textLanguage(locale) === 'ru' ? RU : PUSH_TEXTS_EN;
}
