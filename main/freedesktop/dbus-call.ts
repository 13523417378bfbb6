// Two small D-Bus helpers the bus clients share (notifications in both hosts, the web host's
// logind watch): a method call by full address, and a deadline, since a bus that never answers
// must not hang start-up.
import { Message, type MessageBus } from 'dbus-next';

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

export async function callDbus(bus: MessageBus, destination: string, path: string, iface: string, member: string, signature: string, body: unknown[]): Promise<unknown[]> {
  const reply = await bus.call(new Message({ destination, path, interface: iface, member, signature, body }));
  return reply?.body ?? [];
}
