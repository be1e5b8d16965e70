import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ERROR_NAME } from '../vocabulary';

/** Bad input never gets better by retrying: a step that refuses its input fails at once. */
export const NO_RETRY_ON_INPUT_ERROR: sfn.RetryProps = { errors: [ERROR_NAME.input], maxAttempts: 0 };

/**
 * The retry of every other failure of a checkpointed step (a crash, a timeout, a service error):
 * the unchanged input is sent again, i.e. the step resumes from its last checkpoint, six times
 * over about five minutes with full jitter so concurrent runs do not retry in step.
 */
export const STEP_RETRY: sfn.RetryProps = {
  errors: [sfn.Errors.ALL],
  interval: Duration.seconds(5),
  backoffRate: 2,
  maxAttempts: 6,
  jitterStrategy: sfn.JitterType.FULL,
};

/**
 * The retry of a throttled Lambda invocation: deterministic (no jitter), so its total wait is
 * known: 10 s doubling to a cap of 5 min, 40 attempts, about 3 hours.
 */
export const THROTTLE_RETRY: sfn.RetryProps = {
  errors: ['Lambda.TooManyRequestsException'],
  interval: Duration.seconds(10),
  backoffRate: 2,
  maxDelay: Duration.minutes(5),
  maxAttempts: 40,
  jitterStrategy: sfn.JitterType.NONE,
};
