import { ConfigLoadError, ConfigValidationError } from './config-error';

/**
 * The `stewardConfig` value of a command line in CDK's forms: `-c stewardConfig=path`,
 * `--context stewardConfig=path`, `-c=stewardConfig=path`, `--context=stewardConfig=path`.
 */
export function stewardConfigArgument(args: readonly string[]): string | undefined {
  let found: string | undefined;
  args.forEach((arg, i) => {
    const inline = /^(?:-c|--context)=(.*)$/.exec(arg)?.[1];
    const value = inline ?? (arg === '-c' || arg === '--context' ? args[i + 1] : undefined);
    const match = value !== undefined ? /^stewardConfig=(.*)$/.exec(value) : null;
    if (match) found = match[1];
  });
  return found;
}

/** A configuration error as one block for a terminal (no stack trace), or undefined for any other error. */
export function configErrorBlock(error: unknown): string | undefined {
  if (error instanceof ConfigValidationError || error instanceof ConfigLoadError) {
    return `${error.message}\n\nFields: docs/configuration.md. Examples: config/examples/.`;
  }
  return undefined;
}
