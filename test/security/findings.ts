// Electronegativity's findings, judged: findings at LOW or below are notes; anything
// above must match a reviewed finding (reviewed-findings.ts, justified in docs/security.md) or
// the check fails. Matching is by check, file and a piece of the flagged source — not by line
// number, which moves with every edit; a new call site of the same kind is a new finding.

export type Severity = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

export interface Finding {
  check: string;
  severity: Severity;
  confidence: string;
  /** Relative to the scanned root, e.g. "main/shell/main.ts". */
  file: string;
  location: string;
  sample: string;
  description: string;
}

export interface ReviewedFinding {
  check: string;
  file: string;
  /** A piece of the flagged source that identifies the call site. */
  sampleIncludes: string;
  /** Why it is not a problem, in one sentence; the long form is in docs/security.md. */
  why: string;
  /** The test that proves the justification. */
  coveredBy: string;
}

export interface Judgement {
  notes: Finding[];
  accepted: { finding: Finding; reviewed: ReviewedFinding }[];
  failures: Finding[];
  /** Reviewed entries nothing matched any more (the code changed: delete them). */
  stale: ReviewedFinding[];
}

const SEVERITIES: readonly Severity[] = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

/** One issue as Electronegativity's runner returns it (dist/runner.js, `issues`). */
export interface ElectronegativityIssue {
  id: string;
  severity: { name: string };
  confidence: { name: string };
  file: string;
  location?: { line: number; column: number };
  sample?: string | null;
  description: string;
}

/**
 * Reads the runner's issues directly. Not its CSV report: its writer starts the header write and
 * the rows' append as two concurrent fs.writeFile calls, so the header can land on top of the
 * first row (seen in CI: a row that began mid-field with severity "N/A").
 */
export function toFindings(issues: readonly ElectronegativityIssue[]): Finding[] {
  return issues.map((issue) => {
    const severity = String(issue.severity?.name ?? '').toUpperCase() as Severity;
    if (!SEVERITIES.includes(severity)) throw new Error(`unknown severity "${issue.severity?.name}" in ${issue.id} at ${issue.file}`);
    return {
      check: issue.id,
      severity,
      confidence: String(issue.confidence?.name ?? ''),
      file: issue.file,
      location: issue.location ? `${issue.location.line}:${issue.location.column}` : '0:0',
      sample: issue.sample ?? '',
      description: issue.description,
    };
  });
}

export function aboveLow(severity: Severity): boolean {
  return SEVERITIES.indexOf(severity) > SEVERITIES.indexOf('LOW');
}

export function judge(findings: readonly Finding[], reviewed: readonly ReviewedFinding[]): Judgement {
  const judgement: Judgement = { notes: [], accepted: [], failures: [], stale: [] };
  const used = new Set<ReviewedFinding>();
  for (const finding of findings) {
    if (!aboveLow(finding.severity)) {
      judgement.notes.push(finding);
      continue;
    }
    const match = reviewed.find((r) => r.check === finding.check && r.file === finding.file && finding.sample.includes(r.sampleIncludes));
    if (match) {
      used.add(match);
      judgement.accepted.push({ finding, reviewed: match });
    } else judgement.failures.push(finding);
  }
  judgement.stale = reviewed.filter((r) => !used.has(r));
  return judgement;
}
