// npm run security: the security checks CI runs (docs/security.md).
// 1. Electronegativity over main/ and preload/ (scanned together, so the global checks — CSP,
//    navigation limits, permission handler — see the shell that provides them). Findings at LOW or
//    below are printed as notes; anything above must be a reviewed finding (reviewed-findings.ts).
//    Run offline: the Electron version comes from node_modules/electron/package.json (read, never
//    required: requiring it would try to download the binary) and the one check that fetches
//    Electron's release list from GitHub (AvailableSecurityFixesGlobalCheck) is left out; Dependabot
//    / `npm outdated` cover the Electron version instead.
// 2. npm audit --omit=dev --audit-level=high: no high or critical advisory in what ships.
//    When the registry cannot answer audits (this build sandbox's registry proxy answers 405), the
//    audit is reported as skipped, not passed; HERALD_REQUIRE_AUDIT=1 (set in CI) makes that fatal.
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { judge, parseFindings, type Finding } from './findings.ts';
import { REVIEWED_FINDINGS } from './reviewed-findings.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCANNED = ['main', 'preload'];

async function electronegativity(): Promise<boolean> {
  const electronVersion = (JSON.parse(await readFile(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
  const work = await mkdtemp(path.join(tmpdir(), 'herald-security-'));
  try {
    for (const dir of SCANNED) await cp(path.join(ROOT, dir), path.join(work, dir), { recursive: true });
    const csv = path.join(work, 'electronegativity.csv');
    const bin = path.join(ROOT, 'node_modules/@doyensec/electronegativity/dist/index.js');
    const run = spawnSync(process.execPath, [bin, '-i', work, '-e', electronVersion, '-x', 'AvailableSecurityFixesGlobalCheck', '-o', csv, '-r', '-v', 'false'], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (run.status !== 0) {
      console.error(`security: electronegativity failed (exit ${run.status}):\n${run.stderr || run.stdout}`);
      return false;
    }
    const findings = parseFindings(await readFile(csv, 'utf8'));
    const result = judge(findings, REVIEWED_FINDINGS);
    const where = (f: Finding) => `${f.file}:${f.location} ${f.check} (${f.severity}, ${f.confidence})`;
    for (const f of result.notes) console.log(`security: note      ${where(f)} — ${f.description}`);
    for (const { finding, reviewed } of result.accepted) console.log(`security: reviewed  ${where(finding)} — ${reviewed.why}`);
    for (const r of result.stale) console.log(`security: stale review entry (nothing matches it any more, delete it): ${r.check} ${r.file} "${r.sampleIncludes}"`);
    for (const f of result.failures) console.error(`security: FINDING   ${where(f)} — ${f.description}\n          ${f.sample}`);
    console.log(
      `security: electronegativity ${electronVersion}: ${findings.length} findings over ${SCANNED.join('/, ')}/ — ${result.failures.length} above LOW unreviewed, ${result.accepted.length} reviewed, ${result.notes.length} notes`,
    );
    return result.failures.length === 0;
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
