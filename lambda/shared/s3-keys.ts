import { createHash } from 'node:crypto';
import { InputError } from './input-error';

/**
 * Every listing asks S3 for `EncodingType: url`: XML 1.0 cannot carry some characters (a carriage
 * return comes back as a line feed), so without it a listed key can differ from the stored one and
 * a delete of the listed key removes nothing. S3 then URL-encodes `Key`, `Prefix`, the markers and
 * the delimiters of the answer, with `+` for a space, and says so in the answer's `EncodingType`.
 */
export const LISTING_ENCODING = 'url' as const;

/**
 * A key (or marker) as S3 stores it: decoded when the answer says it is URL-encoded, as it came
 * when the server ignored the request (some S3 implementations do; then a key may be altered,
 * which the verification's fresh listing reports as a version left behind).
 */
export function decodeListedKey(value: string, encodingType: string | undefined): string;
export function decodeListedKey(value: string | undefined, encodingType: string | undefined): string | undefined;
export function decodeListedKey(value: string | undefined, encodingType: string | undefined): string | undefined {
  if (value === undefined || encodingType !== LISTING_ENCODING) return value;
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

/** C0 control characters and DEL: XML 1.0 cannot carry them unescaped, and no writer needs them. */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Refuses a key a writer is about to store when it holds a control character, naming `field`. */
export function assertWritableKey(key: string, field: string): void {
  const at = key.search(CONTROL_CHARACTERS);
  if (at >= 0) {
    throw new InputError(
      field,
      `holds the control character U+${key.charCodeAt(at).toString(16).padStart(4, '0')} at position ${at}; keys must not contain ` +
        `control characters`,
    );
  }
}

/**
 * An object key as receipts, logs and errors show it: `sha256:<hex>`. A key can name a device,
 * site or person, so it never leaves a handler in clear; the hash still lets an operator who
 * holds the key match it.
 */
export function hashedKey(key: string): string {
  return `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}
