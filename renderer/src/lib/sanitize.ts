// The one place untrusted message HTML is cleaned: DOMPurify with a strict profile, then remote
// images dropped unless the user chose "Show images". The result goes into a sandboxed srcdoc
// frame (no scripts) with its own CSP, so this is one of three layers, not the only one.
// DOMPurify options: https://github.com/cure53/DOMPurify#can-i-configure-dompurify
import DOMPurify from 'dompurify';
import { isAllowedImageUrl, rewriteCss, rewriteSrcset } from './message-document.ts';

export interface SanitizedBody {
  html: string;
  /** Remote images (or CSS backgrounds) removed; > 0 shows the "Show images" bar. */
  blockedImages: number;
}

const FORBID_TAGS = [
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button', 'select', 'option',
  'textarea', 'meta', 'base', 'link', 'portal', 'noscript', 'template', 'math',
];
const FORBID_ATTR = ['action', 'formaction', 'srcdoc', 'ping', 'target', 'autofocus', 'http-equiv'];
/** Only these schemes survive in href/src: web, mail, inline images, cid attachments. */
const ALLOWED_URI_REGEXP = /^(?:(?:https?|mailto|cid):|data:image\/(?:png|gif|jpe?g|webp);|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;
const IMAGE_ATTRIBUTES = ['src', 'poster', 'background'];

let purifier: ReturnType<typeof DOMPurify> | null = null;
let current = { showImages: false, blocked: 0 };

function stripRemote(element: Element): void {
  for (const name of IMAGE_ATTRIBUTES) {
    const value = element.getAttribute(name);
    if (value !== null && !isAllowedImageUrl(value, current.showImages)) {
      element.removeAttribute(name);
      current.blocked += 1;
    }
  }
  const srcset = element.getAttribute('srcset');
  if (srcset !== null) {
    const result = rewriteSrcset(srcset, current.showImages);
    current.blocked += result.blocked;
    if (result.value === '') element.removeAttribute('srcset');
    else element.setAttribute('srcset', result.value);
  }
  // SVG <image href> / <use xlink:href> would fetch too.
  if (element.namespaceURI === 'http://www.w3.org/2000/svg') {
    for (const name of ['href', 'xlink:href']) {
      const value = element.getAttribute(name);
      if (value !== null && !value.startsWith('#')) {
        element.removeAttribute(name);
        if (/^\s*(?:https?:)?\/\//i.test(value)) current.blocked += 1;
      }
    }
  }
  const style = element.getAttribute('style');
  if (style !== null) {
    const result = rewriteCss(style, current.showImages);
    current.blocked += result.blocked;
    element.setAttribute('style', result.value);
  }
}

function instance(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const created = DOMPurify(window);
  created.addHook('afterSanitizeAttributes', (node) => {
    // nodeType, not instanceof: the parsed document may come from another realm (frame, test DOM).
    if (node.nodeType === 1) stripRemote(node as Element);
  });
  created.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && node.textContent !== null) {
      const result = rewriteCss(node.textContent, current.showImages);
      current.blocked += result.blocked;
      node.textContent = result.value;
    }
  });
  purifier = created;
  return created;
}

export function sanitizeMessageHtml(html: string, options: { showImages: boolean }): SanitizedBody {
  const purify = instance();
  current = { showImages: options.showImages, blocked: 0 };
  const clean = purify.sanitize(html, {
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOWED_URI_REGEXP,
    ALLOW_DATA_ATTR: false,
    // Leading <style> blocks of HTML mail stay with the body instead of being dropped.
    FORCE_BODY: true,
    RETURN_TRUSTED_TYPE: false,
  });
  return { html: String(clean), blockedImages: current.blocked };
}
