// The popup's CSP is stated twice: as a header (both hosts) and as a <meta> in
// renderer/index.html, which is what applies on file:// in Electron. They must not drift.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { POPUP_CSP } from '../../main/shell/window-security.ts';

function directives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name = '', ...values] = d.split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
  );
}

describe('renderer CSP meta tag', () => {
  it('matches the shell policy, except connect-src (the web host talks to its own WebSocket)', async () => {
    const html = await readFile(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    const page = directives(meta ?? '');
    const shell = directives(POPUP_CSP);
    expect(page.get('connect-src')).toBe("'self'");
    expect(shell.get('connect-src')).toBe("'none'");
    page.delete('connect-src');
    shell.delete('connect-src');
    expect(Object.fromEntries(page)).toEqual(Object.fromEntries(shell));
    expect(page.get('script-src')).toBe("'self'");
  });
});
