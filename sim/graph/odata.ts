// OData plumbing shared by the Graph routes: path normalisation, Prefer header, $select, paging.
import { GraphError } from './graph-call.ts';

/**
 * Graph accepts an entity key both as /messages/{id} and /messages('{id}')
 * (https://learn.microsoft.com/graph/query-parameters, "key as segment"): turn the second into the first.
 */
export function normalizeSegments(pathAfterVersion: string): string[] {
  const withKeys = pathAfterVersion.replace(/\('([^']*)'\)/g, (_m, key: string) => `/${key}`);
  // Callers pass the path already percent-decoded.
  return withKeys.split('/').filter((s) => s.length > 0);
}

export interface PreferHeader {
  immutableId: boolean;
  maxPageSize?: number;
  timeZone?: string;
}

/** Prefer: IdType="ImmutableId", odata.maxpagesize=N, outlook.timezone="UTC" (comma separated). */
export function parsePrefer(header: string | undefined): PreferHeader {
  const prefer: PreferHeader = { immutableId: false };
  if (!header) return prefer;
  for (const part of header.split(',')) {
    const [rawKey, ...rest] = part.split('=');
    const key = (rawKey ?? '').trim().toLowerCase();
    const value = rest.join('=').trim().replace(/^"|"$/g, '');
    if (key === 'idtype' && value.toLowerCase() === 'immutableid') prefer.immutableId = true;
    if (key === 'odata.maxpagesize') {
      const n = Number(value);
      if (Number.isInteger(n) && n > 0) prefer.maxPageSize = n;
    }
    if (key === 'outlook.timezone' && value) prefer.timeZone = value;
  }
  return prefer;
}

/** Parses $select against the properties a type has; Graph answers 400 for an unknown one. */
export function parseSelect(raw: string | null, known: ReadonlySet<string>, typeName: string): string[] | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const props = raw.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
  for (const p of props) {
    if (!known.has(p)) {
      throw new GraphError(400, 'RequestBroker--ParseUri', `Could not find a property named '${p}' on type '${typeName}'.`);
    }
  }
  return props;
}

/** Keeps id, @odata.* annotations and the selected properties. */
export function applySelect(entity: Record<string, unknown>, select: string[] | undefined): Record<string, unknown> {
  if (!select) return entity;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entity)) {
    if (k.startsWith('@odata.') || k === 'id' || select.includes(k)) out[k] = v;
  }
  return out;
}

export function parseNonNegativeInt(raw: string | null, name: string, fallback: number): number {
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new GraphError(400, 'BadRequest', `Invalid value '${raw}' for ${name}.`);
  return n;
}

export function parseIsoDate(raw: string | null, name: string): number {
  if (raw === null) throw new GraphError(400, 'ErrorInvalidParameter', `The parameter '${name}' is required.`);
  // An unencoded '+' in an offset arrives as a space (form decoding): put it back.
  const ms = Date.parse(raw.trim().replace(/\s(\d{2}:?\d{2})$/, '+$1'));
  if (Number.isNaN(ms)) throw new GraphError(400, 'ErrorInvalidParameter', `The value '${raw}' of parameter '${name}' is not a valid date.`);
  return ms;
}
