// Maps a request path to a file inside the renderer's build directory, or says why not.
// Traversal is impossible by construction: encoded slashes / backslashes, NUL and any `..`
// segment are refused before resolving, and the resolved path must still lie under the root.
import { stat } from 'node:fs/promises';
import path from 'node:path';

export type StaticLookup = { kind: 'file'; filePath: string; contentType: string; isHtml: boolean } | { kind: 'notFound' } | { kind: 'forbidden' };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The decoded, checked relative path, or null when the path is hostile or malformed. */
export function safeRelativePath(rawPathname: string): string | null {
  if (/%2f|%5c|%00/i.test(rawPathname)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const relative = segments.join('/');
  return relative === '' ? 'index.html' : relative;
}

export async function lookupStatic(root: string, rawPathname: string): Promise<StaticLookup> {
  const relative = safeRelativePath(rawPathname);
  if (relative === null) return { kind: 'forbidden' };
  const resolvedRoot = path.resolve(root);
  const filePath = path.resolve(resolvedRoot, relative);
  if (filePath !== resolvedRoot && !filePath.startsWith(resolvedRoot + path.sep)) return { kind: 'forbidden' };
  try {
    const info = await stat(filePath);
    if (!info.isFile()) return { kind: 'notFound' };
  } catch {
    return { kind: 'notFound' };
  }
  const ext = path.extname(filePath).toLowerCase();
  return { kind: 'file', filePath, contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream', isHtml: ext === '.html' };
}
