// Electronegativity's CSV report, read and judged: findings at LOW or below are notes; anything
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

/**
 * RFC 4180: quoted fields with doubled quotes, commas and line breaks inside quotes (a finding's
 * code sample can span lines, so rows cannot be split on newlines first).
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field.trim());
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field.trim());
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field.trim());
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

/** One CSV line (no line breaks inside quotes). */
export function parseCsvLine(line: string): string[] {
  return parseCsv(line)[0] ?? [''];
}

/** Parses Electronegativity's CSV (header: issue, severity, confidence, filename, location, sample, description, url). */
export function parseFindings(csv: string): Finding[] {
  const [header, ...rows] = parseCsv(csv);
  if (!header || !/^issue$/i.test(header[0] ?? '') || !/^severity$/i.test(header[1] ?? '')) throw new Error('not an Electronegativity CSV report');
  return rows.map((fields) => {
    const [check = '', severity = '', confidence = '', file = '', location = '', sample = '', description = ''] = fields;
    const upper = severity.toUpperCase() as Severity;
    if (!SEVERITIES.includes(upper)) throw new Error(`unknown severity "${severity}" in: ${fields.join(',').slice(0, 200)}`);
    return { check, severity: upper, confidence, file, location, sample, description };
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
