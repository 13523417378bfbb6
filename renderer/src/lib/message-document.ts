// Pure string helpers for showing an untrusted message body (no DOM needed, so they are unit
// tested in Node): which URLs count as remote, how CSS and srcset lose their remote images, and
// the complete srcdoc for the sandboxed frame with its own Content-Security-Policy.

/** A URL that would make a network request: http(s) or protocol-relative. */
export function isRemoteUrl(value: string): boolean {
  return /^\s*(?:https?:)?\/\//i.test(value);
}

/** A URL that may load once the user asked for images: https only (http is never allowed). */
export function isAllowedImageUrl(value: string, showImages: boolean): boolean {
  if (!isRemoteUrl(value)) return !/^\s*[a-z][a-z0-9+.-]*:/i.test(value) || /^\s*(?:data:image\/|cid:)/i.test(value);
  return showImages && /^\s*https:\/\//i.test(value);
}

export interface RewriteResult {
  value: string;
  /** How many remote references were removed. */
  blocked: number;
}

/**
 * The candidates of a srcset: a URL (a run without whitespace, so data: URLs keep their commas)
 * and optional descriptors up to the next comma. https://html.spec.whatwg.org/#parse-a-srcset-attribute
 */
export function parseSrcset(srcset: string): { url: string; descriptors: string }[] {
  const candidates: { url: string; descriptors: string }[] = [];
  const pattern = /[\s,]*(\S+)/y;
  let position = 0;
  while (position < srcset.length) {
    pattern.lastIndex = position;
    const match = pattern.exec(srcset);
    if (!match?.[1]) break;
    position = pattern.lastIndex;
    let url = match[1];
    let descriptors = '';
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      const end = srcset.indexOf(',', position);
      descriptors = srcset.slice(position, end < 0 ? srcset.length : end).trim();
      position = end < 0 ? srcset.length : end + 1;
    }
    if (url !== '') candidates.push({ url, descriptors });
  }
  return candidates;
}

/** Drops the candidates of a srcset that may not load; the rest stay as they were. */
export function rewriteSrcset(srcset: string, showImages: boolean): RewriteResult {
  let blocked = 0;
  const kept = parseSrcset(srcset).filter((candidate) => {
    if (isAllowedImageUrl(candidate.url, showImages)) return true;
    blocked += 1;
    return false;
  });
  return { value: kept.map((candidate) => (candidate.descriptors ? `${candidate.url} ${candidate.descriptors}` : candidate.url)).join(', '), blocked };
}

const CSS_URL = /url\(\s*(['"]?)(.*?)\1\s*\)/gi;
/** Constructs that run code or pull in other resources from CSS in old engines or any engine. */
const CSS_DANGEROUS = /expression\s*\(|javascript:|vbscript:|behaviou?r\s*:|-moz-binding|@import/gi;

/**
 * Removes remote `url(...)` references (unless images are shown and the URL is https) and any
 * script-like construct from CSS text (a style attribute or a <style> element's content).
 */
export function rewriteCss(css: string, showImages: boolean): RewriteResult {
  let blocked = 0;
  const withoutUrls = css.replace(CSS_URL, (whole, _quote: string, url: string) => {
    if (isAllowedImageUrl(url, showImages)) return whole;
    blocked += 1;
    return 'none';
  });
  return { value: withoutUrls.replace(CSS_DANGEROUS, '/*blocked*/'), blocked };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The frame's own policy: nothing but inline styles and embedded images; https images on request. */
export function frameContentSecurityPolicy(showImages: boolean): string {
  const images = showImages ? "img-src data: cid: https:" : 'img-src data: cid:';
  return `default-src 'none'; ${images}; style-src 'unsafe-inline'; font-src data:; form-action 'none'; base-uri 'none'`;
}

export interface FrameDocumentOptions {
  /** Already sanitized HTML (or escaped text wrapped in <pre>). */
  bodyHtml: string;
  showImages: boolean;
  dark: boolean;
}

/** The srcdoc of the message frame. The frame is sandboxed without scripts; this adds the CSP. */
export function buildFrameDocument(options: FrameDocumentOptions): string {
  const colors = options.dark ? 'color-scheme: dark; background: #1f1f1f; color: #e8e8e8;' : 'color-scheme: light; background: #ffffff; color: #1b1b1b;';
  const linkColor = options.dark ? '#6cb8f6' : '#0f6cbd';
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(frameContentSecurityPolicy(options.showImages))}">`,
    '<meta name="referrer" content="no-referrer">',
    `<style>html{${colors}}body{margin:12px;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow-wrap:anywhere}`,
    `a{color:${linkColor}}img{max-width:100%;height:auto}pre{white-space:pre-wrap;font:inherit;margin:0}table{max-width:100%}</style>`,
    '</head><body>',
    options.bodyHtml,
    '</body></html>',
  ].join('');
}

/** A plain-text body, escaped, as the frame's content. */
export function plainTextBody(text: string): string {
  return `<pre>${escapeHtml(text)}</pre>`;
}
