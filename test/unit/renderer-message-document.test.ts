// The pure helpers around an untrusted message body: which URLs are remote, srcset and CSS
// rewriting, HTML escaping of plain-text bodies, and the frame document with its CSP.
import { describe, expect, it } from 'vitest';
import {
  buildFrameDocument,
  escapeHtml,
  frameContentSecurityPolicy,
  isAllowedImageUrl,
  isRemoteUrl,
  parseSrcset,
  plainTextBody,
  rewriteCss,
  rewriteSrcset,
} from '../../renderer/src/lib/message-document.ts';

describe('remote URL checks', () => {
  it('treats http, https and protocol-relative URLs as remote', () => {
    expect(isRemoteUrl('https://a.example/x.png')).toBe(true);
    expect(isRemoteUrl(' HTTP://a.example/x.png')).toBe(true);
    expect(isRemoteUrl('//a.example/x.png')).toBe(true);
    expect(isRemoteUrl('data:image/png;base64,AA')).toBe(false);
    expect(isRemoteUrl('cid:logo')).toBe(false);
  });

  it('allows only https remote images, and only after Show images', () => {
    expect(isAllowedImageUrl('https://a.example/x.png', false)).toBe(false);
    expect(isAllowedImageUrl('https://a.example/x.png', true)).toBe(true);
    expect(isAllowedImageUrl('http://a.example/x.png', true)).toBe(false);
    expect(isAllowedImageUrl('//a.example/x.png', true)).toBe(false);
    expect(isAllowedImageUrl('data:image/gif;base64,R0', false)).toBe(true);
    expect(isAllowedImageUrl('cid:part1', false)).toBe(true);
    expect(isAllowedImageUrl('javascript:alert(1)', true)).toBe(false);
    expect(isAllowedImageUrl('data:text/html,<script>', true)).toBe(false);
  });
});

describe('srcset', () => {
  it('parses candidates, keeping commas inside data: URLs', () => {
    expect(parseSrcset('a.png 1x, data:image/png;base64,AA,BB 2x,c.png')).toEqual([
      { url: 'a.png', descriptors: '1x' },
      { url: 'data:image/png;base64,AA,BB', descriptors: '2x' },
      { url: 'c.png', descriptors: '' },
    ]);
  });

  it('drops remote candidates and counts them', () => {
    expect(rewriteSrcset('https://x.example/a.png 1x, https://x.example/b.png 2x', false)).toEqual({ value: '', blocked: 2 });
    expect(rewriteSrcset('https://x.example/a.png 1x, http://x.example/b.png 2x', true)).toEqual({ value: 'https://x.example/a.png 1x', blocked: 1 });
  });
});

describe('CSS rewriting', () => {
  it('replaces remote url(...) with none while images are hidden', () => {
    const result = rewriteCss('background: url("https://t.example/p.gif"); border-image: url(//t.example/b.png) 30', false);
    expect(result.value).not.toContain('t.example');
    expect(result.blocked).toBe(2);
  });

  it('keeps https url(...) once images are shown, never http', () => {
    const result = rewriteCss("background: url('https://c.example/a.png'), url(http://c.example/b.png)", true);
    expect(result.value).toContain('https://c.example/a.png');
    expect(result.value).not.toContain('http://c.example/b.png');
    expect(result.blocked).toBe(1);
  });

  it('neutralises expression(), behavior, -moz-binding and @import', () => {
    const result = rewriteCss('@import "x.css"; width: expression(alert(1)); behavior: url(x.htc); -moz-binding: url(x.xml#y)', true);
    expect(result.value).not.toMatch(/@import|expression\s*\(|behavior\s*:|-moz-binding/i);
  });
});

describe('frame document', () => {
  it('escapes plain text into <pre>', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
    expect(plainTextBody('<script>alert(1)</script>')).toBe('<pre>&#60;script&#62;alert(1)&#60;/script&#62;</pre>');
  });

  it('has a CSP that allows no script and only embedded images until Show images', () => {
    const hidden = frameContentSecurityPolicy(false);
    expect(hidden).toContain("default-src 'none'");
    expect(hidden).toContain('img-src data: cid:;');
    expect(hidden).not.toContain('https:');
    expect(hidden).not.toContain('script-src');
    expect(frameContentSecurityPolicy(true)).toContain('img-src data: cid: https:');
  });

  it('puts the CSP meta first in the head, before any body content', () => {
    const doc = buildFrameDocument({ bodyHtml: '<p>hello</p>', showImages: false, dark: false });
    const csp = doc.indexOf('http-equiv="Content-Security-Policy"');
    expect(csp).toBeGreaterThan(0);
    expect(csp).toBeLessThan(doc.indexOf('<p>hello</p>'));
    expect(doc).toContain("default-src &#39;none&#39;");
    expect(doc).toContain('<meta name="referrer" content="no-referrer">');
  });
});
