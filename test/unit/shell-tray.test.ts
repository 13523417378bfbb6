import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Menu, MenuItemConstructorOptions, NativeImage } from 'electron';
import { trayMenuLabels, type TrayState } from '../../main/core/app/tray-state.ts';
import { silentLogger } from '../../main/core/log.ts';
import { pauseUntilTomorrow } from '../../main/core/notify/pause-until.ts';
import { TrayService, type TrayActions, type TrayLike } from '../../main/shell/tray.ts';

const EN_MENU = trayMenuLabels('en-US');

class FakeTray extends EventEmitter {
  image: unknown = null;
  tooltip = '';
  contextMenu: MenuItemConstructorOptions[] | null = null;
  poppedUp: MenuItemConstructorOptions[] | null = null;
  destroyed = false;
  setImage(image: unknown) {
    this.image = image;
  }
  setToolTip(tooltip: string) {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: unknown) {
    this.contextMenu = menu as MenuItemConstructorOptions[];
  }
  popUpContextMenu(menu: unknown) {
    this.poppedUp = menu as MenuItemConstructorOptions[];
  }
  getBounds() {
    return { x: 1, y: 2, width: 3, height: 4 };
  }
  destroy() {
    this.destroyed = true;
  }
}

const NOW = Date.UTC(2026, 10, 28, 9, 30);

function setup(platform = 'win32', throwOnCreate = false) {
  const calls: string[] = [];
  const actions: TrayActions = {
    togglePopup: () => calls.push('toggle'),
    openPopup: () => calls.push('open'),
    checkNow: () => calls.push('checkNow'),
    pause: (until) => calls.push(`pause:${until === null ? 'resume' : until}`),
    openSettings: () => calls.push('settings'),
    quit: () => calls.push('quit'),
  };
  const trays: FakeTray[] = [];
  const initial: TrayState = { kind: 'unread', unreadTotal: 3, tooltip: '3 unread · Standup in 10 min', menu: EN_MENU };
  const service = new TrayService(
    {
      createTrayInstance: (icon) => {
        if (throwOnCreate) throw new Error('no StatusNotifier host');
        const tray = new FakeTray();
        tray.image = icon;
        trays.push(tray);
        return tray as unknown as TrayLike;
      },
      // The fake "Menu" is the template itself, so tests can read and click it.
      buildMenu: (template) => template as unknown as Menu,
      iconFor: (state) => `icon:${state.kind}:${state.unreadTotal}` as unknown as NativeImage,
      actions,
      platform,
      now: () => NOW,
      logger: silentLogger,
    },
    initial,
  );
  return { service, trays, calls };
}

function item(menu: MenuItemConstructorOptions[] | null, id: string): MenuItemConstructorOptions {
  for (const entry of menu ?? []) {
    if (entry.id === id) return entry;
    if (Array.isArray(entry.submenu)) {
      const found = entry.submenu.find((sub) => sub.id === id);
      if (found) return found;
    }
  }
  throw new Error(`no menu item ${id}`);
}

function click(menu: MenuItemConstructorOptions[] | null, id: string): void {
  (item(menu, id).click as () => void)();
}

describe('TrayService', () => {
  it('renders icon, tooltip and menu from the state', () => {
    const { service, trays } = setup();
    expect(service.create()).toBe(true);
    const tray = trays[0]!;
    expect(tray.image).toBe('icon:unread:3');
    expect(tray.tooltip).toBe('3 unread · Standup in 10 min');
    expect(tray.contextMenu?.filter((e) => e.type !== 'separator').map((e) => e.label)).toEqual([
      'Open Herald',
      'Check now',
      'Pause notifications',
      'Settings…',
      'Quit Herald',
    ]);
    service.setState({ kind: 'allRead', unreadTotal: 0, tooltip: 'All read', menu: EN_MENU });
    expect(tray.image).toBe('icon:allRead:0');
    expect(tray.tooltip).toBe('All read');
  });

  it('left click toggles the popup; menu items call their actions', () => {
    const { service, trays, calls } = setup();
    service.create();
    const tray = trays[0]!;
    tray.emit('click');
    for (const id of ['open', 'checkNow', 'settings', 'quit']) click(tray.contextMenu, id);
    expect(calls).toEqual(['toggle', 'open', 'checkNow', 'settings', 'quit']);
  });

  it('pause ▸ 1 hour, until tomorrow, resume', () => {
    const { service, trays, calls } = setup();
    service.create();
    const menu = () => trays[0]!.contextMenu;
    expect(item(menu(), 'pause.resume').enabled).toBe(false);
    click(menu(), 'pause.hour');
    click(menu(), 'pause.tomorrow');
    service.setState({ kind: 'paused', unreadTotal: 0, tooltip: 'Paused', menu: EN_MENU });
    expect(item(menu(), 'pause.resume').enabled).toBe(true);
    click(menu(), 'pause.resume');
    expect(calls).toEqual([`pause:${NOW + 3_600_000}`, `pause:${pauseUntilTomorrow(NOW)}`, 'pause:resume']);
  });

  it('"until tomorrow" is the core\'s pauseUntilTomorrow: 08:00 on the coming morning, not midnight', () => {
    const { service, trays, calls } = setup();
    service.create();
    click(trays[0]!.contextMenu, 'pause.tomorrow');
    const until = new Date(Number(calls[0]!.slice('pause:'.length)));
    expect([until.getHours(), until.getMinutes()]).toEqual([8, 0]);
    expect(until.getTime()).toBeGreaterThan(NOW);
  });

  it('the menu speaks the state\'s language, and a new state (a locale change) redraws it', () => {
    const { service, trays } = setup();
    service.create();
    const labels = () => ['open', 'checkNow', 'pause', 'pause.hour', 'pause.tomorrow', 'pause.resume', 'settings', 'quit'].map((id) => item(trays[0]!.contextMenu, id).label);
    expect(labels()).toEqual(['Open Herald', 'Check now', 'Pause notifications', 'For 1 hour', 'Until tomorrow', 'Resume', 'Settings…', 'Quit Herald']);
    service.setState({ kind: 'unread', unreadTotal: 3, tooltip: '3 непрочитанных', menu: trayMenuLabels('ru-RU') });
    expect(labels()).toEqual([
      'Открыть Herald',
      'Проверить сейчас',
      'Приостановить уведомления',
      'На 1 час',
      'До завтра',
      'Возобновить',
      'Настройки…',
      'Выйти из Herald',
    ]);
    expect(trays[0]!.tooltip).toBe('3 непрочитанных');
  });

  it('signed out: "Check now" is disabled', () => {
    const { service, trays } = setup();
    service.create();
    service.setState({ kind: 'signedOut', unreadTotal: 0, tooltip: 'Sign in', menu: EN_MENU });
    expect(item(trays[0]!.contextMenu, 'checkNow').enabled).toBe(false);
  });

  it('macOS: no context menu set (it would swallow the click); right click pops it up', () => {
    const { service, trays, calls } = setup('darwin');
    service.create();
    const tray = trays[0]!;
    expect(tray.contextMenu).toBeNull();
    tray.emit('click');
    tray.emit('right-click');
    expect(calls).toEqual(['toggle']);
    expect(item(tray.poppedUp, 'quit').label).toBe('Quit Herald');
  });

  it('a desktop without a tray: create() says so instead of throwing; the service stays usable', () => {
    const { service } = setup('linux', true);
    expect(service.create()).toBe(false);
    expect(service.available).toBe(false);
    expect(service.creationError?.message).toBe('no StatusNotifier host');
    expect(() => service.setState({ kind: 'allRead', unreadTotal: 0, tooltip: '', menu: EN_MENU })).not.toThrow();
    expect(service.bounds()).toBeNull();
  });

  it('destroy removes the icon', () => {
    const { service, trays } = setup();
    service.create();
    expect(service.bounds()).toEqual({ x: 1, y: 2, width: 3, height: 4 });
    service.destroy();
    expect(trays[0]!.destroyed).toBe(true);
    expect(service.available).toBe(false);
  });
});
