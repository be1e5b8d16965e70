/** Severity of a log line; CloudWatch Logs Insights filters on it. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger whose every line also carries `fields` (e.g. the tenant id and execution name). */
  child(fields: Record<string, unknown>): Logger;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * One JSON object per line, so log queries can select by field. Errors are reduced to name and
 * message: stack traces and SDK responses can carry request data that has no place in logs.
 */
export function createLogger(
  base: Record<string, unknown> = {},
  options: { level?: LogLevel; write?: (line: string) => void } = {},
): Logger {
  const threshold = ORDER[options.level ?? levelFromEnv()];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const emit = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < threshold) return;
    write(JSON.stringify({ time: new Date().toISOString(), level, message, ...base, ...sanitise(fields) }));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ ...base, ...fields }, options),
  };
}

function levelFromEnv(): LogLevel {
  const level = process.env.LOG_LEVEL?.toLowerCase();
  return level === 'debug' || level === 'info' || level === 'warn' || level === 'error' ? level : 'info';
}

function sanitise(fields: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!fields) return {};
  return Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? { name: v.name, message: v.message } : v]),
  );
}

/** A logger that drops everything, for cores called from tests and the bench. */
export const silentLogger: Logger = createLogger({}, { write: () => undefined });
