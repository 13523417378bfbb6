// Notification texts and the tray menu follow the app's locale (the settings' override, else the
// system's) through the real HeraldApp on the simulator: a Russian system gets Russian from the
// start; a locale change in settings applies to the next notification and to the tray menu.
import { afterEach, describe, expect, it } from 'vitest';
import { trayMenuLabels, type TrayState } from '../../main/core/app/tray-state.ts';
import { startAppHarness, type AppHarness } from '../support/app-harness.ts';
import { waitUntil } from '../support/identity-fixture.ts';

let h: AppHarness;
afterEach(async () => {
  await h?.close();
});

async function signedInWork(systemLocale: string): Promise<void> {
  h = await startAppHarness({ systemLocale });
  await h.signIn(h.fx.work.upn);
  await h.check(); // the baseline: existing mail never notifies
  await h.clock.advance(1_000);
}

const inMinutes = (minutes: number) => new Date(h.clock.now() + minutes * 60_000).toISOString();

describe('notification and tray texts follow the locale', () => {
  it('a Russian system, no override: mail, a reminder and the tray menu are in Russian', async () => {
    await signedInWork('ru-RU');
    expect(h.app.trayState().menu).toBe(trayMenuLabels('ru'));
    expect(h.app.trayState().menu.checkNow).toBe('Проверить сейчас');

    await h.deliver(h.fx.work.upn, { subject: '  ', from: { name: 'Ольга', address: 'olga@fabrikam.example' } });
    const event = await h.admin.addEvent(h.fx.work.upn, { subject: 'Планёрка', start: inMinutes(16), end: inMinutes(30), reminderMinutesBeforeStart: 15, isOnlineMeeting: true });
    await h.check();
    const [mail] = h.ports.sink.ofType('mail');
    expect(mail).toMatchObject({ title: 'Ольга', body: expect.stringMatching(/^\(без темы\)/) });
    expect(mail!.actions.map((a) => a.label)).toEqual(['Отметить как прочитанное', 'В архив']);

    await h.clock.advance(2 * 60_000);
    await waitUntil(() => h.ports.sink.ofType('reminder').some((r) => r.eventId === event.id), 'the reminder');
    const reminder = h.ports.sink.ofType('reminder').find((r) => r.eventId === event.id)!;
    expect(reminder.title).toBe('Планёрка');
    expect(reminder.body).toMatch(/^\d{1,2}:\d{2} \(через \d+ мин\)/);
    expect(reminder.actions.map((a) => a.label)).toEqual(['Присоединиться', 'Отложить', 'Закрыть']);
  });

  it('settings.update({ locale }) applies to the next notification and redraws the tray menu', async () => {
    await signedInWork('en-US');
    const trays: TrayState[] = [];
    h.app.onTrayState((state) => trays.push(state));
    expect(h.app.trayState().menu.open).toBe('Open Herald');

    await h.deliver(h.fx.work.upn, { subject: 'Before the change' });
    await h.check();
    expect(h.ports.sink.ofType('mail').at(-1)!.actions.map((a) => a.label)).toEqual(['Mark as read', 'Archive']);

    await h.ok('settings.update', { patch: { locale: 'ru' } });
    expect(trays.at(-1)?.menu).toBe(trayMenuLabels('ru'));
    expect(h.app.trayState().menu.quit).toBe('Выйти из Herald');

    await h.clock.advance(60_000);
    await h.deliver(h.fx.work.upn, { subject: 'After the change' });
    await h.check();
    expect(h.ports.sink.ofType('mail').at(-1)!.actions.map((a) => a.label)).toEqual(['Отметить как прочитанное', 'В архив']);

    // A burst: the summary's title uses Russian plural forms ("4 новых сообщения").
    await h.clock.advance(60_000);
    for (const subject of ['a', 'b', 'c', 'd']) await h.deliver(h.fx.work.upn, { subject });
    await h.check();
    const summary = h.ports.sink.ofType('mailSummary').at(-1);
    expect(summary?.title).toMatch(/^\d+ новых сообщени[яй]$/);
    expect(summary?.body).toMatch(/^От /);

    // Back to the system's language.
    await h.ok('settings.update', { patch: { locale: null } });
    expect(trays.at(-1)?.menu).toBe(trayMenuLabels('en-US'));
    await h.clock.advance(60_000);
    await h.deliver(h.fx.work.upn, { subject: 'English again' });
    await h.check();
    expect(h.ports.sink.ofType('mail').at(-1)!.title).toBe('Sender');
    expect(h.ports.sink.ofType('mail').at(-1)!.actions.map((a) => a.label)).toEqual(['Mark as read', 'Archive']);
  });
});
