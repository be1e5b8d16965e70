import { domainToASCII, domainToUnicode } from 'node:url';
import { InputError } from '../shared/input-error';

export const MODES = ['find', 'export', 'erase'] as const;
export type Mode = (typeof MODES)[number];

/** The data subject a request is about, as the tenant names them. */
export interface SubjectRequest {
  readonly tenantId: unknown;
  readonly mode: Mode;
  /** NFC-normalised, as given otherwise. */
  readonly email?: string;
  /** NFC-normalised, as given otherwise. */
  readonly userName?: string;
}

/**
 * The local part of an address (RFC 5322 dot-atom, extended by RFC 6531 to every non-ASCII
 * character): ASCII atext, or any character from U+0080 on except controls and spaces.
 */
const LOCAL_PART = /^[A-Za-z0-9!#$%&*+/=?^_`{|}~\u0080-\u{10FFFF}-]+(?:\.[A-Za-z0-9!#$%&*+/=?^_`{|}~\u0080-\u{10FFFF}-]+)*$/u;
const NOT_IN_ADDRESS = /[\p{Cc}\p{Cf}\p{Z}"'\\]/u;
/** One DNS label of the ASCII (IDNA) form of a domain. */
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
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
  let email: string | undefined;
  if (req.email !== undefined) {
    if (typeof req.email !== 'string' || canonicalEmail(req.email) === undefined) {
      throw new InputError('email', `${JSON.stringify(req.email)} is not a well-formed e-mail address; nothing changed`);
    }
    email = req.email.normalize('NFC');
  }
  let userName: string | undefined;
  if (req.userName !== undefined) {
    if (typeof req.userName !== 'string' || !USER_NAME.test(req.userName.normalize('NFC'))) {
      throw new InputError(
        'userName',
        `${JSON.stringify(req.userName)} is not a portal user name (1..128 characters, no quotes or spaces)`,
      );
    }
    userName = req.userName.normalize('NFC');
  }
  return { tenantId: req.tenantId, mode: req.mode as Mode, email, userName };
}

/**
 * The one form two spellings of the same address share, or undefined when it is not an address
 * (RFC 5321/5322, internationalised per RFC 6531). Both parts are NFC-normalised. The domain is
 * case-insensitive (DNS) and written in its IDNA ASCII form, so `Bücher.DE` and `xn--bcher-kva.de`
 * are one domain. The local part keeps its case: RFC 5321 §2.4 leaves its meaning to the
 * receiving host, and `Jane@` and `jane@` may be two people, whose lines an erase must not mix.
 */
export function canonicalEmail(value: string): string | undefined {
  const nfc = value.normalize('NFC');
  const at = nfc.lastIndexOf('@');
  if (at <= 0 || at === nfc.length - 1) return undefined;
  const local = nfc.slice(0, at);
  const domain = nfc.slice(at + 1);
  if (NOT_IN_ADDRESS.test(nfc) || !LOCAL_PART.test(local) || Buffer.byteLength(local) > 64) return undefined;
  const ascii = domainToASCII(domain);
  const labels = ascii.split('.');
  if (ascii === '' || ascii.length > 253 || labels.length < 2 || !labels.every((l) => LDH_LABEL.test(l))) return undefined;
  const canonical = `${local}@${ascii}`;
  return Buffer.byteLength(canonical) > 254 ? undefined : canonical;
}

/**
 * The spellings under which a store that compares exactly (Cognito's `email = "..."` filter) may
 * hold the address: NFC and NFD, with the domain as given, in Unicode and in ASCII.
 */
export function emailSpellings(email: string): string[] {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const domains = [domain, domainToUnicode(domainToASCII(domain)), domainToASCII(domain)];
  const forms = domains.flatMap((d) => [`${local}@${d}`.normalize('NFC'), `${local}@${d}`.normalize('NFD')]);
  return [...new Set(forms)].filter((f) => f.length > 1);
}

/** How a user name is compared: NFC, case-insensitive (the portal's and the devices' user names alike). */
function canonicalUserName(value: string): string {
  return value.normalize('NFC').toLowerCase();
}

/**
 * Identifiers of one person. A value matches when it is, after normalisation, one of the
 * subject's e-mail addresses (see `canonicalEmail`) or user names (NFC, case-insensitive);
 * a well-formed address is only ever compared as an address.
 */
export class SubjectIdentifiers {
  private readonly emails = new Set<string>();
  private readonly userNames = new Set<string>();

  add(value: string | undefined): void {
    if (!value) return;
    const email = value.includes('@') ? canonicalEmail(value) : undefined;
    if (email) this.emails.add(email);
    else this.userNames.add(canonicalUserName(value));
  }

  /** Whether any of the values names this subject. */
  matchesAny(values: readonly unknown[]): boolean {
    return values.some((v) => {
      if (typeof v !== 'string' || v === '') return false;
      // An address is compared as an address only, so its local part keeps its case.
      const email = v.includes('@') ? canonicalEmail(v) : undefined;
      return email !== undefined ? this.emails.has(email) : this.userNames.has(canonicalUserName(v));
    });
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
