// URL and header helpers shared by the client and the sync modules.

const PREFER_IMMUTABLE_ID = 'IdType="ImmutableId"';

/**
 * Makes a request URL relative to the version root ("/me/…"), as $batch requires
 * (https://learn.microsoft.com/graph/json-batching: "url … relative to the version").
 * Absolute @odata.nextLink / @odata.deltaLink values are accepted: their origin and version
 * segment are dropped, and the rest is kept byte for byte (state tokens are opaque; re-encoding
 * them through `new URL()` would turn `'` into `%27` in the query). Because the client always
 * joins this path to its own baseUrl, a link naming another host never receives our token.
 */
export function toRelativeUrl(url: string): string {
  let rest = url.trim();
  const absolute = /^https?:\/\/[^/?#]+(.*)$/i.exec(rest);
  if (absolute) rest = absolute[1] ?? '';
  if (!rest.startsWith('/')) rest = `/${rest}`;
  const versioned = /^\/(v1\.0|beta)(?=[/?]|$)(.*)$/.exec(rest);
  if (versioned) rest = versioned[2] ?? '';
  if (!rest.startsWith('/')) rest = `/${rest}`;
  return rest;
}

/**
 * Joins Prefer header values into one comma-separated value (RFC 7240 allows either several
 * headers or one list). Later values win for the same preference name, and
 * `IdType="ImmutableId"` is always present so ids survive moves between folders
 * (https://learn.microsoft.com/graph/outlook-immutable-id).
 */
export function mergePrefer(...values: (string | undefined)[]): string {
  const byName = new Map<string, string>();
  for (const part of [PREFER_IMMUTABLE_ID, ...values]) {
    if (!part) continue;
    for (const raw of splitPreferList(part)) {
      const item = raw.trim();
      if (!item) continue;
      const name = item.split('=')[0]?.trim().toLowerCase() ?? item;
      byName.delete(name);
      byName.set(name, item);
    }
  }
  return [...byName.values()].join(', ');
}

/** Splits on commas outside double quotes. */
function splitPreferList(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

/** Lower-cases header names and merges Prefer into one value (with the immutable-id preference). */
export function normalizeRequestHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const prefer: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'prefer') prefer.push(value);
    else out[lower] = value;
  }
  out['prefer'] = mergePrefer(...prefer);
  return out;
}

export function lowerCaseHeaders(headers: Record<string, unknown> | Headers | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (headers instanceof Headers) {
    headers.forEach((value, name) => {
      out[name.toLowerCase()] = value;
    });
    return out;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') out[name.toLowerCase()] = value;
    else if (typeof value === 'number') out[name.toLowerCase()] = String(value);
  }
  return out;
}
