import { ERROR_NAME } from '../../lib/vocabulary';
/**
 * Bad input to a handler. It names the field so the caller can fix the request, and it is
 * thrown before any side effect, so a refused request changes and deletes nothing.
 */
export class InputError extends Error {
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.name = ERROR_NAME.input;
    this.field = field;
  }
}
