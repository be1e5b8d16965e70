/** One problem in the configuration, with the dotted path of the field at fault. */
export interface ConfigProblem {
  readonly field: string;
  readonly message: string;
}

/** Every problem found in a configuration, reported at once so one synth shows them all. */
export class ConfigValidationError extends Error {
  constructor(public readonly problems: readonly ConfigProblem[]) {
    super(
      `Invalid steward configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.field}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}

/** Collects problems while a validator walks the configuration. */
export class ProblemCollector {
  private readonly found: ConfigProblem[] = [];

  add(field: string, message: string): void {
    this.found.push({ field, message });
  }

  get problems(): readonly ConfigProblem[] {
    return this.found;
  }

  throwIfAny(): void {
    if (this.found.length > 0) {
      throw new ConfigValidationError(this.found);
    }
  }
}

/** A configuration file that cannot be read or parsed; the message names the file. */
export class ConfigLoadError extends Error {
  constructor(public readonly file: string, reason: string) {
    super(`stewardConfig: cannot read configuration file '${file}': ${reason}`);
    this.name = 'ConfigLoadError';
  }
}
