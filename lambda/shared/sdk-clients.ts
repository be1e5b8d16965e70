import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * How every SDK client retries, set here and nowhere else: the SDK's standard strategy
 * (exponential backoff with jitter, a longer base delay for throttles, a retry quota that stops
 * retry storms). Code never loops around an SDK call as well, since a loop multiplies the
 * attempts (a loop of 6 around the SDK's 3 sent one throttled call 18 times). The only retries
 * of our own are of what the SDK cannot see as a failure: keys a DeleteObjects answer lists as
 * failed and DynamoDB's UnprocessedItems.
 */
export const SDK_RETRY = { maxAttempts: 3, retryMode: 'standard' } as const;

/**
 * X-Ray subsegments for the SDK calls only (the functions run with active tracing). Outside
 * Lambda the tracer is off and clients come back unchanged.
 */
const tracer = new Tracer({ serviceName: 'steward', captureHTTPsRequests: false });

/** An SDK client built with the retry strategy above and traced: `sdkClient(S3Client, { region, credentials })`. */
export function sdkClient<C extends object, Config extends object>(Client: new (config: Config) => C, config: Config): C {
  return tracer.captureAWSv3Client(new Client({ ...SDK_RETRY, ...config }));
}
