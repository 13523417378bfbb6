// The Electronegativity gate (test/security/findings.ts): reading the runner's issues, and which findings fail
// the build — anything above LOW that no reviewed entry matches, a new call site included.
import { describe, expect, it } from 'vitest';
import { aboveLow, findAnnotations, judge, toFindings, type ElectronegativityIssue, type ReviewedFinding } from '../security/findings.ts';
import { REVIEWED_FINDINGS } from '../security/reviewed-findings.ts';

const issue = (id: string, severity: string, file: string, line: number, sample: string | null, confidence = 'TENTATIVE'): ElectronegativityIssue => ({
  id,
  severity: { name: severity },
  confidence: { name: confidence },
  file,
  location: { line, column: 2 },
  sample,
  description: 'd',
});

describe('toFindings', () => {
  it("reads the runner's issue objects, multi-line samples and missing samples included", () => {
    const findings = toFindings([
      issue('OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'main/shell/main.ts', 79, 'await shell.openExternal(url, { a: 1 });'),
      issue('CSP_GLOBAL_CHECK', 'LOW', 'main/shell/window-security.ts', 87, "const policy = [\n  \"default-src 'none'\",\n].join()"),
      { ...issue('LIMIT_NAVIGATION_GLOBAL_CHECK', 'HIGH', 'N/A', 0, null, 'CERTAIN'), location: undefined },
    ]);
    expect(findings[0]).toEqual({
      check: 'OPEN_EXTERNAL_JS_CHECK',
      severity: 'MEDIUM',
      confidence: 'TENTATIVE',
      file: 'main/shell/main.ts',
      location: '79:2',
      sample: 'await shell.openExternal(url, { a: 1 });',
      description: 'd',
    });
    expect(findings[1]?.sample).toContain('\n');
    expect(findings[2]).toMatchObject({ severity: 'HIGH', file: 'N/A', location: '0:0', sample: '' });
  });

  it('refuses unknown severities (a report it cannot rank must not pass)', () => {
    expect(() => toFindings([issue('X', 'SEVERE', 'f', 1, 'x')])).toThrow(/unknown severity "SEVERE" in X/);
    expect(() => toFindings([issue('X', 'N/A', 'f', 1, 'x')])).toThrow(/unknown severity/);
  });
});

describe('judge', () => {
  const reviewed: ReviewedFinding[] = [{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/shell/main.ts', sampleIncludes: 'await shell.openExternal(url)', why: 'guarded', coveredBy: 't' }];

  it('passes LOW and INFORMATIONAL as notes, reviewed findings as accepted, and fails the rest', () => {
    const findings = toFindings([
      issue('CSP_GLOBAL_CHECK', 'LOW', 'main/shell/window-security.ts', 87, null),
      issue('OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'main/shell/main.ts', 79, 'await shell.openExternal(url);'),
      issue('OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'main/shell/main.ts', 140, 'shell.openExternal(renderer.url);'),
      issue('NODE_INTEGRATION_JS_CHECK', 'INFORMATIONAL', 'main/shell/x.ts', 1, 'x', 'FIRM'),
      issue('CONTEXT_ISOLATION_JS_CHECK', 'HIGH', 'main/shell/other.ts', 3, 'new BrowserWindow({})', 'FIRM'),
    ]);
    const result = judge(findings, reviewed);
    expect(result.notes.map((f) => f.check)).toEqual(['CSP_GLOBAL_CHECK', 'NODE_INTEGRATION_JS_CHECK']);
    expect(result.accepted.map((a) => a.finding.location)).toEqual(['79:2']);
    // A new openExternal call site is a new finding, even in the same file.
    expect(result.failures.map((f) => `${f.file}:${f.location}`)).toEqual(['main/shell/main.ts:140:2', 'main/shell/other.ts:3:2']);
    expect(result.stale).toEqual([]);
  });

  it('finds eng-disable annotations as Electronegativity reads them (on the flagged line, several checks at once)', () => {
    const text = ['// first line', '  // eng-disable: a note, not an annotation', '  await shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK', 'x(); /* eng-disable A_JS_CHECK B_JS_CHECK */'].join('\n');
    expect(findAnnotations([{ file: 'main/shell/main.ts', text }]).map((a) => [a.check, a.line])).toEqual([
      ['OPEN_EXTERNAL_JS_CHECK', 3],
      ['A_JS_CHECK', 4],
      ['B_JS_CHECK', 4],
    ]);
  });

  it('accepts an annotation only where a reviewed entry covers that check, file and code; never on line 1 (whole file)', () => {
    const annotations = findAnnotations([
      { file: 'main/shell/main.ts', text: 'const a = 1;\nawait shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK\nshell.openExternal(other); // eng-disable OPEN_EXTERNAL_JS_CHECK' },
      { file: 'main/shell/other.ts', text: 'import x from "y"; // eng-disable OPEN_EXTERNAL_JS_CHECK' },
    ]);
    const result = judge([], reviewed, annotations);
    expect(result.annotated.map((a) => `${a.annotation.file}:${a.annotation.line}`)).toEqual(['main/shell/main.ts:2']);
    expect(result.unreviewedAnnotations.map((a) => `${a.file}:${a.line}`)).toEqual(['main/shell/main.ts:3', 'main/shell/other.ts:1']);
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
