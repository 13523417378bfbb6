// Electronegativity's findings, judged: findings at LOW or below are notes; anything
// above must match a reviewed finding (reviewed-findings.ts, justified in docs/security.md) or
// the check fails. The same for inline `eng-disable` annotations (which make Electronegativity
// drop a finding): each must be a reviewed finding, so nothing is silenced without review. Matching is by check, file and a piece of the flagged source — not by line
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
  /** eng-disable annotations that a reviewed entry covers. */
  annotated: { annotation: Annotation; reviewed: ReviewedFinding }[];
  /** eng-disable annotations no reviewed entry covers: the check was silenced unreviewed (fails). */
  unreviewedAnnotations: Annotation[];
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

/**
 * An inline `// eng-disable CHECK` annotation: Electronegativity then drops its finding on that
 * line, so the gate checks the annotation instead — each must be a reviewed finding.
 */
export interface Annotation {
  check: string;
  file: string;
  line: number;
  /** The annotated source line (Electronegativity reads annotations on the flagged line only). */
  code: string;
}

/** Electronegativity's own pattern (dist/util/exceptions.js): a comment, eng-disable, check names. */
const ANNOTATION = /(?:\/\*|\/\/)[ \t]*eng-disable[ \t]+([\w \t]+)/i;

/** Every eng-disable annotation in `files` (paths relative to the scanned root). */
export function findAnnotations(files: readonly { file: string; text: string }[]): Annotation[] {
  const out: Annotation[] = [];
  for (const { file, text } of files) {
    text.split('\n').forEach((code, index) => {
      const match = ANNOTATION.exec(code);
      if (!match) return;
      for (const check of (match[1] ?? '').trim().split(/[\s,]+/)) if (check) out.push({ check, file, line: index + 1, code });
    });
  }
  return out;
}

export function judge(findings: readonly Finding[], reviewed: readonly ReviewedFinding[], annotations: readonly Annotation[] = []): Judgement {
  const judgement: Judgement = { notes: [], accepted: [], failures: [], stale: [], annotated: [], unreviewedAnnotations: [] };
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
  for (const annotation of annotations) {
    // An annotation on the first line would silence the check for the whole file: never reviewed.
    const match = annotation.line > 1 ? reviewed.find((r) => r.check === annotation.check.toUpperCase() && r.file === annotation.file && annotation.code.includes(r.sampleIncludes)) : undefined;
    if (match) {
      used.add(match);
      judgement.annotated.push({ annotation, reviewed: match });
    } else judgement.unreviewedAnnotations.push(annotation);
  }
  judgement.stale = reviewed.filter((r) => !used.has(r));
  return judgement;
}
