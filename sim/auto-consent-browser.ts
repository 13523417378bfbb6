// A headless "system browser" for the simulator: loads the authorize URL and does what a real
// browser does with the answer — submits the auto-posting form (response_mode=form_post) to the
// loopback redirect URI, follows a 302, or stops on an error page (as a user would close it).
// It speaks real HTTP to both the simulator and MSAL's loopback server. Used by the tests and
// by the terminal demo; a real browser pointed at the simulator does the same by itself.

export type BrowserOutcome =
  | { kind: 'formPosted'; action: string; fields: Record<string, string>; status: number; text: string }
  | { kind: 'redirected'; location: string; status: number; text: string }
  | { kind: 'errorPage'; status: number; text: string };

function decodeEntities(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCharCode(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
    const name = m[1];
    if (name) out[name.toLowerCase()] = decodeEntities(m[3] ?? m[4] ?? '');
  }
  return out;
}

/** The first form of an HTML page: its method, action and input fields (a tiny parser is enough). */
export function parseFirstForm(html: string): { method: string; action: string; fields: Record<string, string> } | null {
  const form = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return null;
  const open = /<form\b[^>]*>/i.exec(form[0])?.[0] ?? '';
  const formAttrs = attributes(open);
  const fields: Record<string, string> = {};
  for (const input of (form[1] ?? '').matchAll(/<input\b[^>]*>/gi)) {
    const attrs = attributes(input[0]);
    if (attrs.name && (attrs.type ?? 'text') !== 'submit') fields[attrs.name] = attrs.value ?? '';
  }
  return { method: (formAttrs.method ?? 'GET').toUpperCase(), action: formAttrs.action ?? '', fields };
}

export async function visitAuthorizeUrl(authorizeUrl: string): Promise<BrowserOutcome> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  if (page.status >= 300 && page.status < 400) {
    const location = page.headers.get('location') ?? '';
    const landed = await fetch(location, { redirect: 'manual' });
    return { kind: 'redirected', location, status: landed.status, text: await landed.text() };
  }
  const html = await page.text();
  const form = page.ok ? parseFirstForm(html) : null;
  if (!form) return { kind: 'errorPage', status: page.status, text: html };
  const body = new URLSearchParams(form.fields).toString();
  const posted = await fetch(form.action, {
    method: form.method,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return { kind: 'formPosted', action: form.action, fields: form.fields, status: posted.status, text: await posted.text() };
}

/** An `openBrowser` callback for AccountManager that records what it visited. */
export function createTestBrowser(): {
  openBrowser: (url: string) => Promise<void>;
  visits: string[];
  outcomes: BrowserOutcome[];
  /** Resolves when every page opened so far has finished loading (form posted or error shown). */
  settled(): Promise<void>;
} {
  const visits: string[] = [];
  const outcomes: BrowserOutcome[] = [];
  const loading: Promise<void>[] = [];
  return {
    visits,
    outcomes,
    // Like a real system browser, opening returns at once; the page loads in the background.
    openBrowser: async (url: string) => {
      visits.push(url);
      loading.push(
        visitAuthorizeUrl(url).then(
          (outcome) => {
            outcomes.push(outcome);
          },
          (err: unknown) => {
            outcomes.push({ kind: 'errorPage', status: 0, text: String(err) });
          },
        ),
      );
    },
    settled: async () => {
      await Promise.all(loading);
    },
  };
}
