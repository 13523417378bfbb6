// Matching senders against VIP / muted lists and text against muted keywords. An entry with
// '@' (and text before it) is one address; anything else is a domain, which also covers its
// subdomains ('contoso.com' matches 'a@mail.contoso.com'). Comparison is case-insensitive.

export function senderMatches(address: string | null | undefined, entries: readonly string[]): boolean {
  if (!address) return false;
  const sender = address.trim().toLowerCase();
  const at = sender.lastIndexOf('@');
  const domain = at >= 0 ? sender.slice(at + 1) : '';
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (entry.length === 0) continue;
    if (entry.indexOf('@') > 0) {
      if (sender === entry) return true;
      continue;
    }
    const entryDomain = entry.startsWith('@') ? entry.slice(1) : entry;
    if (domain.length > 0 && (domain === entryDomain || domain.endsWith(`.${entryDomain}`))) return true;
  }
  return false;
}

const keywordCache = new Map<string, RegExp>();

/**
 * True when `keyword` occurs in `text` as a whole word (or whole phrase), ignoring case:
 * 'sale' matches 'Big SALE today' but not 'wholesale'. Letters and digits of any script count
 * as word characters, so this works beyond ASCII.
 */
export function containsKeyword(text: string, keyword: string): boolean {
  const trimmed = keyword.trim();
  if (trimmed.length === 0) return false;
  let pattern = keywordCache.get(trimmed);
  if (!pattern) {
    const escaped = trimmed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    pattern = new RegExp(`(?<![\\p{L}\\p{N}_])${escaped}(?![\\p{L}\\p{N}_])`, 'iu');
    if (keywordCache.size > 500) keywordCache.clear();
    keywordCache.set(trimmed, pattern);
  }
  return pattern.test(text);
}

export function firstMatchingKeyword(texts: readonly string[], keywords: readonly string[]): string | undefined {
  return keywords.find((keyword) => texts.some((text) => containsKeyword(text, keyword)));
}
