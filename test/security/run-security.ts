// npm run security: the security checks CI runs (docs/security.md).
// 1. Electronegativity over main/ and preload/ (scanned together, so the global checks — CSP,
//    navigation limits, permission handler — see the shell that provides them). Findings at LOW or
//    below are printed as notes; anything above must be a reviewed finding (reviewed-findings.ts).
//    Run in-process through its programmatic entry (see toFindings for why not its CSV report).
//    Offline: the Electron version comes from node_modules/electron/package.json (read, never
//    required: requiring it would try to download the binary) and the one check that fetches
//    Electron's release list from GitHub (AvailableSecurityFixesGlobalCheck) is left out; Dependabot
//    / `npm outdated` cover the Electron version instead. (Its i18n still tries to fetch updated
//    message texts with a 1 s timeout and prints "Could not retrieve updated translations" when
//    offline; only descriptions come from there, never the checks or severities.)
// 2. npm audit --omit=dev --audit-level=high: no high or critical advisory in what ships.
//    When the registry cannot answer audits (this build sandbox's registry proxy answers 405), the
//    audit is reported as skipped, not passed; HERALD_REQUIRE_AUDIT=1 makes that fatal (for a CI
//    whose registry does answer audits; ours does not, so .ci/run leaves it unset).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findAnnotations, judge, toFindings, type ElectronegativityIssue, type Finding } from './findings.ts';
import { REVIEWED_FINDINGS } from './reviewed-findings.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCANNED = ['main', 'preload'];
const require = createRequire(import.meta.url);

/** Electronegativity's programmatic entry (package main: dist/runner.js). */
type ElectronegativityRun = (options: Record<string, unknown>) => Promise<{ issues: ElectronegativityIssue[]; errors: { file: string; message?: string; tolerable: boolean }[] }>;

/** The scanned sources as Electronegativity sees them (relative paths), for the annotation check. */
async function scannedSources(root: string): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = [];
  for (const dir of SCANNED) {
    for (const entry of await readdir(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.(ts|js|mjs|cjs|html)$/.test(entry.name)) continue;
      const absolute = path.join(entry.parentPath, entry.name);
      out.push({ file: path.relative(root, absolute).split(path.sep).join('/'), text: await readFile(absolute, 'utf8') });
    }
  }
  return out;
}

async function electronegativity(): Promise<boolean> {
  const electronVersion = (JSON.parse(await readFile(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
  const work = await mkdtemp(path.join(tmpdir(), 'herald-security-'));
  try {
    for (const dir of SCANNED) await cp(path.join(ROOT, dir), path.join(work, dir), { recursive: true });
    const run = (require('@doyensec/electronegativity') as ElectronegativityRun)({
      input: work,
      isSarif: false,
      customScan: [],
      excludeFromScan: ['availablesecurityfixesglobalcheck'],
      isRelative: true,
      isVerbose: false,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    });
    let report: Awaited<ReturnType<ElectronegativityRun>>;
    try {
      report = await run;
    } catch (error) {
      console.error(`security: electronegativity failed: ${(error as Error).stack ?? String(error)}`);
      return false;
    }
    // A file it could not parse is a file nothing was checked in: fatal, unless Electronegativity
    // itself calls the problem tolerable (a parser warning, the file was still scanned).
    const fatal = report.errors.filter((e) => !e.tolerable);
    for (const e of report.errors) console[e.tolerable ? 'log' : 'error'](`security: electronegativity ${e.tolerable ? 'warning in' : 'could not parse'} ${e.file}: ${e.message ?? ''}`);
    if (fatal.length > 0) return false;
    const findings = toFindings(report.issues);
    const result = judge(findings, REVIEWED_FINDINGS, findAnnotations(await scannedSources(work)));
    const where = (f: Finding) => `${f.file}:${f.location} ${f.check} (${f.severity}, ${f.confidence})`;
    for (const f of result.notes) console.log(`security: note      ${where(f)} — ${f.description}`);
    for (const { finding, reviewed } of result.accepted) console.log(`security: reviewed  ${where(finding)} — ${reviewed.why}`);
    for (const { annotation, reviewed } of result.annotated) console.log(`security: annotated ${annotation.file}:${annotation.line} ${annotation.check} (eng-disable) — ${reviewed.why}`);
    for (const a of result.unreviewedAnnotations) console.error(`security: UNREVIEWED eng-disable ${a.file}:${a.line} ${a.check} — add a reviewed entry (test/security/reviewed-findings.ts) or remove the annotation\n          ${a.code.trim()}`);
    for (const r of result.stale) console.log(`security: stale review entry (nothing matches it any more, delete it): ${r.check} ${r.file} "${r.sampleIncludes}"`);
    for (const f of result.failures) console.error(`security: FINDING   ${where(f)} — ${f.description}\n          ${f.sample}`);
    console.log(
      `security: electronegativity ${electronVersion}: ${findings.length} findings over ${SCANNED.join('/, ')}/ — ${result.failures.length} above LOW unreviewed, ${result.accepted.length} reviewed, ${result.notes.length} notes; ${result.annotated.length} eng-disable annotations reviewed, ${result.unreviewedAnnotations.length} unreviewed`,
    );
    return result.failures.length === 0 && result.unreviewedAnnotations.length === 0;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

interface AuditReport {
  metadata?: { vulnerabilities?: Record<string, number> };
  error?: unknown;
  message?: string;
}

function audit(): boolean {
  const run = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, shell: process.platform === 'win32' });
  let report: AuditReport | null = null;
  try {
    report = JSON.parse(run.stdout) as AuditReport;
  } catch {
    report = null;
  }
  const counts = report?.metadata?.vulnerabilities;
  if (!counts) {
    const why = report?.message ?? (run.stderr.trim().split('\n').at(-1) || `exit ${run.status}`);
    const required = process.env.HERALD_REQUIRE_AUDIT === '1';
    console[required ? 'error' : 'log'](`security: npm audit SKIPPED — the registry could not answer (${why})${required ? '' : '; set HERALD_REQUIRE_AUDIT=1 to make this fatal'}`);
    return !required;
  }
  const high = (counts.high ?? 0) + (counts.critical ?? 0);
  console.log(`security: npm audit --omit=dev: ${Object.entries(counts).map(([level, n]) => `${level} ${n}`).join(', ')}`);
  if (high > 0) console.error('security: npm audit found high or critical advisories in production dependencies (npm audit --omit=dev for details)');
  return high === 0;
}

const okScan = await electronegativity();
const okAudit = audit();
process.exit(okScan && okAudit ? 0 : 1);
