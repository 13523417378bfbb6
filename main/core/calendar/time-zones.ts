// Turning Graph's dateTimeTimeZone ({dateTime: "2026-11-03T06:00:00.0000000", timeZone: "UTC"})
// into a UTC instant. Requests carry Prefer: outlook.timezone="UTC", so the usual case is a
// zone-less local time labelled "UTC"; but a server (or a proxy) that ignores the preference
// answers in the event's own zone, which Exchange names with a Windows id ("Russian Standard
// Time") and newer clients with an IANA id ("Europe/Moscow"). Both are handled here.
// https://learn.microsoft.com/graph/api/resources/datetimetimezone
// https://learn.microsoft.com/graph/api/resources/event (Prefer: outlook.timezone)

/** Windows time zone ids that Exchange uses, mapped to IANA (CLDR windowsZones, "001" territory). */
const WINDOWS_TO_IANA: Readonly<Record<string, string>> = {
  'UTC': 'UTC',
  'Coordinated Universal Time': 'UTC',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Romance Standard Time': 'Europe/Paris',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'FLE Standard Time': 'Europe/Kiev',
  'GTB Standard Time': 'Europe/Bucharest',
  'Turkey Standard Time': 'Europe/Istanbul',
  'Israel Standard Time': 'Asia/Jerusalem',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'Russian Standard Time': 'Europe/Moscow',
  'Arabian Standard Time': 'Asia/Dubai',
  'Ekaterinburg Standard Time': 'Asia/Yekaterinburg',
  'Pakistan Standard Time': 'Asia/Karachi',
  'India Standard Time': 'Asia/Kolkata',
  'Central Asia Standard Time': 'Asia/Almaty',
  'SE Asia Standard Time': 'Asia/Bangkok',
  'China Standard Time': 'Asia/Shanghai',
  'Singapore Standard Time': 'Asia/Singapore',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Korea Standard Time': 'Asia/Seoul',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'New Zealand Standard Time': 'Pacific/Auckland',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Alaskan Standard Time': 'America/Anchorage',
  'Pacific Standard Time': 'America/Los_Angeles',
  'Mountain Standard Time': 'America/Denver',
  'Central Standard Time': 'America/Chicago',
  'Eastern Standard Time': 'America/New_York',
  'Atlantic Standard Time': 'America/Halifax',
  'E. South America Standard Time': 'America/Sao_Paulo',
};

/** An IANA zone Intl understands, for a Graph time zone name; null when unknown. */
export function resolveTimeZone(name: string | null | undefined): string | null {
  if (!name) return null;
  const trimmed = name.trim();
  const mapped = WINDOWS_TO_IANA[trimmed];
  if (mapped) return mapped;
  if (/^(utc|gmt|z|etc\/utc|etc\/gmt)$/i.test(trimmed)) return 'UTC';
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

const LOCAL_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Minutes east of UTC when the string carried an offset ("Z" = 0); null for a zone-less local time. */
  offsetMinutes: number | null;
}

function parseWallTime(text: string): WallTime | null {
  const m = LOCAL_DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', off] = m;
  const wall: WallTime = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
    // Graph sends 7 fractional digits (100 ns ticks); keep milliseconds.
    millisecond: Number(frac.padEnd(3, '0').slice(0, 3)),
    offsetMinutes: null,
  };
  if (wall.month < 1 || wall.month > 12 || wall.day < 1 || wall.day > 31) return null;
  if (wall.hour > 24 || wall.minute > 59 || wall.second > 60) return null;
  if (off === 'Z') wall.offsetMinutes = 0;
  else if (off) {
    const sign = off.startsWith('-') ? -1 : 1;
    const digits = off.slice(1).replace(':', '');
    wall.offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  return wall;
}

/** Offset of `zone` from UTC at the instant `epochMs`, in milliseconds. */
function zoneOffsetMs(zone: string, epochMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The UTC instant of a wall-clock time in an IANA zone (DST gaps resolve forward, as Outlook does). */
function wallTimeInZoneToEpoch(wall: WallTime, zone: string): number {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  if (zone === 'UTC') return naive;
  const first = naive - zoneOffsetMs(zone, naive);
  const second = naive - zoneOffsetMs(zone, first);
  return second;
}

export type InstantResult = { ok: true; epochMs: number; zoneKnown: boolean } | { ok: false; reason: string };

/**
 * The UTC instant of a Graph dateTimeTimeZone. An explicit offset in the string wins; otherwise the
 * named zone; an unknown zone name falls back to UTC (what the Prefer header asked for) and says so.
 */
export function toInstant(dateTime: string, timeZone: string | null | undefined): InstantResult {
  const wall = parseWallTime(dateTime);
  if (!wall) return { ok: false, reason: `unparseable dateTime "${dateTime.slice(0, 40)}"` };
  if (wall.offsetMinutes !== null) {
    const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
    return { ok: true, epochMs: naive - wall.offsetMinutes * 60_000, zoneKnown: true };
  }
  const zone = resolveTimeZone(timeZone ?? 'UTC');
  const epochMs = wallTimeInZoneToEpoch(wall, zone ?? 'UTC');
  if (Number.isNaN(epochMs)) return { ok: false, reason: `invalid dateTime "${dateTime.slice(0, 40)}"` };
  return { ok: true, epochMs, zoneKnown: zone !== null };
}

/**
 * Midnight of the calendar date in `dateTime` (its time part ignored), in `zone`, as a UTC instant.
 * All-day events come back as midnight-to-midnight whatever the Prefer header asks for, so the date
 * is what counts. https://github.com/microsoftgraph/microsoft-graph-docs/issues/1802
 */
export function dateMidnightInZone(dateTime: string, zone: string): number | null {
  const wall = parseWallTime(dateTime);
  if (!wall) return null;
  return wallTimeInZoneToEpoch({ ...wall, hour: 0, minute: 0, second: 0, millisecond: 0, offsetMinutes: null }, zone);
}

/** The host's IANA zone, used for all-day events whose own zone is unknown. */
export function hostTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
