import { LogFormatter, LogItem, Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';

/** What the cores log with: a handler's Powertools Logger, or `silentLogger` in tests and the bench. */
export type Logger = Pick<PowertoolsLogger, 'debug' | 'info' | 'warn' | 'error'>;

/** The parts of the Lambda context Powertools reads (function name, ARN, memory, request id). */
export interface LambdaContext {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

/**
 * Powertools' own layout (level, message, service, cold start, function and request, X-Ray trace
 * id), with every error reduced to its name and message: a stack, a cause or an SDK error's
 * fields (bucket, key, request) can carry data that has no place in logs.
 */
export class NoPersonalDataFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const context = attributes.lambdaContext;
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: context?.coldStart,
        function_arn: context?.invokedFunctionArn,
        function_memory_size: context?.memoryLimitInMB,
        function_name: context?.functionName,
        function_request_id: context?.awsRequestId,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes(additional);
  }

  formatError(error: Error): LogAttributes {
    return { name: error.name, message: error.message };
  }
}

/** A handler's logger: one JSON object per line, `service` naming the handler, `keys` on every line. */
export function handlerLogger(service: string, keys: LogAttributes = {}): PowertoolsLogger {
  return new PowertoolsLogger({ serviceName: service, persistentKeys: keys, logFormatter: new NoPersonalDataFormatter() });
}

/**
 * A handler adapter with its logger: every line of an invocation carries the Lambda context.
 * The context is optional only for tests that call an adapter without one.
 */
export function withLambdaContext<E, R, C extends LambdaContext = LambdaContext>(
  log: PowertoolsLogger,
  handler: (event: E, context?: C) => Promise<R>,
): (event: E, context?: C) => Promise<R> {
  return (event, context) => {
    if (context) log.addContext(context as unknown as Parameters<PowertoolsLogger['addContext']>[0]);
    return handler(event, context);
  };
}

/** A logger that drops everything, for cores called from tests and the bench. */
export const silentLogger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
