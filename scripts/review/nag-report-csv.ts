import type { NagOutcome, NagRecord } from '../../lib/nag/nag-findings-recorder';

/** cdk-nag's report file name: `<pack>--<stack>-NagReport.csv`. */
const REPORT_FILE = /^(.+?)--(.+)-NagReport\.csv$/;

/** The pack and stack a cdk-nag report file belongs to, or undefined for any other file. */
export function nagReportFileOf(fileName: string): { pack: string; stack: string } | undefined {
  const m = REPORT_FILE.exec(fileName);
  return m ? { pack: m[1], stack: m[2] } : undefined;
}

/** RFC 4180 rows: quoted fields may hold commas, line breaks and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const OUTCOME: Record<string, NagOutcome> = {
  Compliant: 'compliant',
  'Non-Compliant': 'non-compliant',
  Suppressed: 'suppressed',
  UNKNOWN: 'error',
};

/** A granular (appliesTo) suppression's reason starts with its finding id: `[Resource::*] why`. */
const FINDING_PREFIX = /^\[([^\]]*)\] /;

/**
 * The outcomes in one cdk-nag CSV report, as the same records the in-process recorder keeps
 * (without the resource type, which the report does not name). Reading reports rather than
 * hooking a logger lets the review judge a synth of any commit, including ones older than the recorder.
 */
export function nagRecordsFromCsv(pack: string, stack: string, text: string): NagRecord[] {
  const [header, ...rows] = parseCsv(text);
  if (!header || header[0] !== 'Rule ID') return [];
  return rows
    .filter((r) => r.length >= 4)
    .map(([ruleId, path, compliance, reason]) => {
      const outcome = OUTCOME[compliance] ?? 'error';
      const suppressed = outcome === 'suppressed';
      const finding = suppressed ? FINDING_PREFIX.exec(reason) : null;
      return {
        pack,
        ruleId,
        outcome,
        stack,
        path,
        resourceType: '',
        findingId: finding ? finding[1] : '',
        detail: suppressed ? reason : '',
      };
    });
}
