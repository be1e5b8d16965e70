import { ConfigValidationError } from '../../lib/config/config-error';
import { validateConfig } from '../../lib/config/validate';

/** The problems validation reports for a configuration, as `field: message` lines; fails if it is accepted. */
export function problemsOf(config: unknown): string[] {
  try {
    validateConfig(config);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigValidationError);
    return (e as ConfigValidationError).problems.map((p) => `${p.field}: ${p.message}`);
  }
  throw new Error('expected the configuration to be refused');
}
