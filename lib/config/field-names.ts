/**
 * Unknown-field detection: every config object lists its field names once, checked by the
 * compiler against its type, and an unknown key is refused with the nearest valid name.
 */
import type { ProblemCollector } from './config-error';

/**
 * The field names of a config type. The argument must name every field of T and nothing else,
 * so adding a field to a type without adding it here fails to compile.
 */
export function fieldNames<T>(fields: { readonly [K in keyof Required<T>]: true }): readonly string[] {
  return Object.keys(fields);
}

/** Refuses every key of `value` that is not in `known`, naming the nearest valid name. */
export function refuseUnknownFields(
  value: Record<string, unknown>,
  known: readonly string[],
  at: string,
  problems: ProblemCollector,
): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      problems.add(at === '' ? key : `${at}.${key}`, unknownNameMessage('field', key, known));
    }
  }
}

/** `unknown field 'x'; did you mean 'y'? (valid: ...)`, the shared wording for any unknown name. */
export function unknownNameMessage(what: string, name: string, known: readonly string[]): string {
  const nearest = nearestName(name, known);
  return `unknown ${what} '${name}'; did you mean '${nearest}'? (valid: ${known.join(', ')})`;
}

/**
 * The known name closest to `name` (case-insensitive): a name that contains the given one letter
 * by letter (`sshKey` in `sshPublicKey`) comes first, shortest first; otherwise the smallest edit
 * distance. Ties go to the first listed.
 */
export function nearestName(name: string, known: readonly string[]): string {
  const given = name.toLowerCase();
  const score = (candidate: string): number => {
    const c = candidate.toLowerCase();
    return isSubsequence(given, c) ? c.length - given.length - 1000 : editDistance(given, c);
  };
  return known.reduce((best, candidate) => (score(candidate) < score(best) ? candidate : best), known[0]);
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

/** Levenshtein distance with adjacent transpositions counted as one edit (`ca-wset-1` is one edit from `ca-west-1`). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
