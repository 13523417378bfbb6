// The machine woke (Linux): logind's PrepareForSleep signal on the system bus, `true` right
// before a suspend and `false` right after it
// (https://www.freedesktop.org/software/systemd/man/latest/org.freedesktop.login1.html).
// The Electron shell hears this through powerMonitor; the web host listens itself, so mail and
// reminders are not left to timers that stood still (HeraldApp.systemResumed). Without a system
// bus or logind (containers, other OSes) it is simply not there: the engine still notices a
// sleep from a late poll timer.
import { existsSync } from 'node:fs';
import { MessageType, sessionBus, systemBus, type Message, type MessageBus } from 'dbus-next';
import type { Logger } from '../core/log.ts';
import { callDbus, withTimeout } from '../freedesktop/dbus-call.ts';

const LOGIND = 'org.freedesktop.login1';
const MANAGER = 'org.freedesktop.login1.Manager';

export interface LogindWakeOptions {
  logger: Logger;
  onWake: () => void;
  /** A bus address instead of the system bus (tests run a private bus with a logind of their own). */
  busAddress?: string;
  connectTimeoutMs?: number;
}

export interface LogindWake {
  close(): void;
}

/** The system bus the way dbus-next finds it: DBUS_SYSTEM_BUS_ADDRESS, else the well-known socket. */
function systemBusPresent(): boolean {
  return Boolean(process.env.DBUS_SYSTEM_BUS_ADDRESS) || existsSync('/var/run/dbus/system_bus_socket');
}

export async function watchLogindWake(options: LogindWakeOptions): Promise<LogindWake | null> {
  const log = options.logger.child({ component: 'logind-wake' });
  if (!options.busAddress && (process.platform !== 'linux' || !systemBusPresent())) {
    log.info('no system bus: waking from sleep is noticed from late timers only');
    return null;
  }
  let bus: MessageBus | null = null;
  try {
    bus = options.busAddress ? sessionBus({ busAddress: options.busAddress }) : systemBus();
    bus.on('error', (err: unknown) => log.debug({ err: String(err) }, 'system bus error'));
    const rule = `type='signal',sender='${LOGIND}',interface='${MANAGER}',member='PrepareForSleep'`;
    await withTimeout(callDbus(bus, 'org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'AddMatch', 's', [rule]), options.connectTimeoutMs ?? 2000, 'AddMatch');
  } catch (err) {
    log.info({ err: err instanceof Error ? err.message : String(err) }, 'no system bus: waking from sleep is noticed from late timers only');
    bus?.disconnect();
    return null;
  }
  const connected = bus;
  connected.on('message', (msg: Message) => {
    if (msg.type !== MessageType.SIGNAL || msg.interface !== MANAGER || msg.member !== 'PrepareForSleep') return;
    if (msg.body[0] === false) options.onWake();
  });
  return { close: () => connected.disconnect() };
}
