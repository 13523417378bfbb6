// The Electronegativity gate (test/security/findings.ts): CSV parsing, and which findings fail
// the build — anything above LOW that no reviewed entry matches, a new call site included.
import { describe, expect, it } from 'vitest';
import { aboveLow, judge, parseCsvLine, parseFindings, type ReviewedFinding } from '../security/findings.ts';
import { REVIEWED_FINDINGS } from '../security/reviewed-findings.ts';

const HEADER = 'issue, severity, confidence, filename, location, sample, description, url';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

describe('parseFindings', () => {
  it('reads quoted fields with commas and doubled quotes', () => {
    expect(parseCsvLine('A,"B, with comma","say ""hi""",d')).toEqual(['A', 'B, with comma', 'say "hi"', 'd']);
    const [finding] = parseFindings(
      csv('OPEN_EXTERNAL_JS_CHECK,"MEDIUM","TENTATIVE","main/shell/main.ts","79:8","await shell.openExternal(url, { a: 1 });","Review the use of openExternal",https://x'),
    );
    expect(finding).toEqual({
      check: 'OPEN_EXTERNAL_JS_CHECK',
      severity: 'MEDIUM',
      confidence: 'TENTATIVE',
      file: 'main/shell/main.ts',
      location: '79:8',
      sample: 'await shell.openExternal(url, { a: 1 });',
      description: 'Review the use of openExternal',
    });
  });

  it('keeps a finding whose code sample spans lines in one row (the report quotes line breaks)', () => {
    const findings = parseFindings(
      csv(`CSP_GLOBAL_CHECK,"LOW","TENTATIVE","main/shell/window-security.ts","87:15","const policy = [\n  ""default-src 'none'"",\n].join()","Failed to parse CSP, it may not be valid.",https://x\nOPEN_EXTERNAL_JS_CHECK,"MEDIUM","TENTATIVE","main/shell/main.ts","1:1",N/A,"d",u`),
    );
    expect(findings.map((f) => [f.check, f.severity, f.file])).toEqual([
      ['CSP_GLOBAL_CHECK', 'LOW', 'main/shell/window-security.ts'],
      ['OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'main/shell/main.ts'],
    ]);
    expect(findings[0]?.sample).toContain('\n');
  });

  it('refuses something that is not the report, and unknown severities', () => {
    expect(() => parseFindings('hello\nworld')).toThrow(/not an Electronegativity/);
    expect(() => parseFindings(csv('X,"SEVERE","FIRM","f","1:1",N/A,"d",u'))).toThrow(/unknown severity/);
  });
});

describe('judge', () => {
  const reviewed: ReviewedFinding[] = [{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/shell/main.ts', sampleIncludes: 'await shell.openExternal(url)', why: 'guarded', coveredBy: 't' }];

  it('passes LOW and INFORMATIONAL as notes, reviewed findings as accepted, and fails the rest', () => {
    const findings = parseFindings(
      csv(
        'CSP_GLOBAL_CHECK,"LOW","TENTATIVE","main/shell/window-security.ts","87:15",N/A,"Failed to parse CSP",u',
        'OPEN_EXTERNAL_JS_CHECK,"MEDIUM","TENTATIVE","main/shell/main.ts","79:8","await shell.openExternal(url);","Review",u',
        'OPEN_EXTERNAL_JS_CHECK,"MEDIUM","TENTATIVE","main/shell/main.ts","140:2","shell.openExternal(renderer.url);","Review",u',
        'NODE_INTEGRATION_JS_CHECK,"INFORMATIONAL","FIRM","main/shell/x.ts","1:1","x","d",u',
        'CONTEXT_ISOLATION_JS_CHECK,"HIGH","FIRM","main/shell/other.ts","3:3","new BrowserWindow({})","d",u',
      ),
    );
    const result = judge(findings, reviewed);
    expect(result.notes.map((f) => f.check)).toEqual(['CSP_GLOBAL_CHECK', 'NODE_INTEGRATION_JS_CHECK']);
    expect(result.accepted.map((a) => a.finding.location)).toEqual(['79:8']);
    // A new openExternal call site is a new finding, even in the same file.
    expect(result.failures.map((f) => `${f.file}:${f.location}`)).toEqual(['main/shell/main.ts:140:2', 'main/shell/other.ts:3:3']);
    expect(result.stale).toEqual([]);
  });

  it('reports review entries that no longer match anything as stale', () => {
    expect(judge([], reviewed).stale).toEqual(reviewed);
  });

  it('ranks severities', () => {
    expect([aboveLow('INFORMATIONAL'), aboveLow('LOW'), aboveLow('MEDIUM'), aboveLow('HIGH'), aboveLow('CRITICAL')]).toEqual([false, false, true, true, true]);
  });

  it('every reviewed finding names its justification and the test behind it', () => {
    for (const r of REVIEWED_FINDINGS) {
      expect(r.why.length, r.check).toBeGreaterThan(20);
      expect(r.coveredBy, r.check).toMatch(/test\/|not covered/);
    }
  });
});
