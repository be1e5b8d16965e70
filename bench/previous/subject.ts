/**
 * The implementation before the checkpointed workflows, kept unchanged so the bench can measure
 * it beside the current one in the same run (npm run bench). Not deployed.
 */
import { InputError } from '../../lambda/shared/input-error';

export const MODES = ['find', 'export', 'erase'] as const;
export type Mode = (typeof MODES)[number];

/** The data subject a request is about, as the tenant names them. */
export interface SubjectRequest {
  readonly tenantId: unknown;
  readonly mode: Mode;
  readonly email?: string;
  readonly userName?: string;
}

const EMAIL =
  /^[A-Za-z0-9.!#$%&*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
/** Cognito's user-name alphabet without quotes, backslashes or whitespace. */
const USER_NAME = /^[^\s"'\\]{1,128}$/u;

/** Checks mode and subject before anything is read or changed; every problem names its field. */
export function validateSubjectRequest(raw: unknown): SubjectRequest {
  if (!raw || typeof raw !== 'object') throw new InputError('(request)', 'must be an object');
  const req = raw as Record<string, unknown>;
  if (typeof req.mode !== 'string' || !(MODES as readonly string[]).includes(req.mode)) {
    throw new InputError('mode', `must be one of ${MODES.join(', ')}, got ${JSON.stringify(req.mode)}`);
  }
  if (req.email === undefined && req.userName === undefined) {
    throw new InputError('email', 'name the data subject by email or userName');
  }
  if (req.email !== undefined && (typeof req.email !== 'string' || req.email.length > 254 || !EMAIL.test(req.email))) {
    throw new InputError('email', `${JSON.stringify(req.email)} is not a well-formed e-mail address; nothing changed`);
  }
  if (req.userName !== undefined && (typeof req.userName !== 'string' || !USER_NAME.test(req.userName))) {
    throw new InputError('userName', `${JSON.stringify(req.userName)} is not a portal user name (1..128 characters, no quotes or spaces)`);
  }
  return {
    tenantId: req.tenantId,
    mode: req.mode as Mode,
    email: req.email as string | undefined,
    userName: req.userName as string | undefined,
  };
}

/** Identifiers of one person, compared case-insensitively (e-mail and Cognito user names are). */
export class SubjectIdentifiers {
  private readonly ids = new Set<string>();

  add(value: string | undefined): void {
    if (value) this.ids.add(value.toLowerCase());
  }

  /** Whether any of the values names this subject. */
  matchesAny(values: readonly unknown[]): boolean {
    return values.some((v) => typeof v === 'string' && this.ids.has(v.toLowerCase()));
  }
}

/** The fields of a log line that can name a person (the inventory's `userName`, and `user`/`email`). */
export const LOG_SUBJECT_FIELDS = ['user', 'userName', 'email'] as const;

/** Splits JSON-lines content into the subject's lines and the rest; lines that are not JSON are kept. */
export function splitLines(text: string, subject: SubjectIdentifiers): { matched: string[]; kept: string[] } {
  const matched: string[] = [];
  const kept: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      kept.push(line);
      continue;
    }
    const fields = record && typeof record === 'object' ? LOG_SUBJECT_FIELDS.map((f) => (record as Record<string, unknown>)[f]) : [];
    (subject.matchesAny(fields) ? matched : kept).push(line);
  }
  return { matched, kept };
}
