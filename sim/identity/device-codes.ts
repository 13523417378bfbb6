// The device authorization grant (RFC 8628) as Entra runs it: the app gets a device_code and
// a short user_code, the user enters the code elsewhere (here: the admin API approves or denies
// it), and the app polls /token, which answers authorization_pending until then.
// https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code
import { randomInt } from 'node:crypto';
import { randomToken } from './token-store.ts';

export type DeviceCodeStatus = 'pending' | 'approved' | 'denied' | 'redeemed';

export interface DeviceCodeRecord {
  deviceCode: string;
  userCode: string;
  clientId: string;
  requestedScopes: string[];
  expiresAt: number;
  status: DeviceCodeStatus;
  userId?: string;
}

// Entra's user codes are 9 characters from an unambiguous alphabet.
const USER_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export class DeviceCodeStore {
  private readonly byDeviceCode = new Map<string, DeviceCodeRecord>();

  constructor(private readonly now: () => number = Date.now) {}

  create(clientId: string, requestedScopes: string[], lifetimeSeconds: number): DeviceCodeRecord {
    let userCode = '';
    for (let i = 0; i < 9; i++) userCode += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
    const record: DeviceCodeRecord = {
      deviceCode: randomToken('sim-dc-'),
      userCode,
      clientId,
      requestedScopes,
      expiresAt: this.now() + lifetimeSeconds * 1000,
      status: 'pending',
    };
    this.byDeviceCode.set(record.deviceCode, record);
    return record;
  }

  get(deviceCode: string): DeviceCodeRecord | undefined {
    return this.byDeviceCode.get(deviceCode);
  }

  findByUserCode(userCode: string): DeviceCodeRecord | undefined {
    const wanted = userCode.trim().toUpperCase();
    return [...this.byDeviceCode.values()].find((r) => r.userCode === wanted);
  }

  isExpired(record: DeviceCodeRecord): boolean {
    return record.expiresAt <= this.now();
  }

  /** The most recent code still waiting for the user (handy for the demo and tests). */
  pending(): DeviceCodeRecord[] {
    return [...this.byDeviceCode.values()].filter((r) => r.status === 'pending' && !this.isExpired(r));
  }
}
