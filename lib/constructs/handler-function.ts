import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

/** Where handler code lives: `lambda/<handler>/handler.ts`, each a thin adapter over a pure core. */
export const LAMBDA_ROOT = join(__dirname, '..', '..', 'lambda');

/** The one runtime every handler uses: the newest Node.js that aws-cdk-lib knows. */
export const HANDLER_RUNTIME = lambda.Runtime.NODEJS_24_X;

export interface HandlerFunctionProps {
  /** Directory under `lambda/` holding `handler.ts`, e.g. `tenant-onboarding`. */
  readonly handler: string;
  /** What the function is for, shown in the console. */
  readonly description: string;
  /** Customer-managed key that encrypts the function's log group (P-ENCRYPT-REST). */
  readonly logKey: kms.IKey;
  /**
   * Days the function's logs are kept; must be 1..30 (P-RETENTION).
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Environment variables (no secrets: they are visible in the template).
   * @default none
   */
  readonly environment?: Record<string, string>;
  /**
   * Time one invocation may take; the cores bound their work well inside it.
   * @default Duration.minutes(1)
   */
  readonly timeout?: Duration;
  /**
   * Memory in MiB.
   * @default 512
   */
  readonly memorySize?: number;
}

/** Retention values CloudWatch accepts that lie inside the 1..30 days P-RETENTION allows. */
const ALLOWED_RETENTION = new Set<number>([1, 3, 5, 7, 14, 30]);

/**
 * A Lambda function built the house way: NodejsFunction bundled by the local esbuild (AWS SDK v3
 * bundled in, so the code runs against the SDK version it was tested with), the newest Node.js
 * runtime on ARM, X-Ray tracing, JSON logs into its own KMS-encrypted log group with bounded
 * retention, and a role of its own with no managed policy: callers grant exactly what it needs.
 */
export class HandlerFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    const entry = join(LAMBDA_ROOT, props.handler, 'handler.ts');
    if (!/^[a-z][a-z0-9-]*$/.test(props.handler) || !existsSync(entry)) {
      throw new Error(`handler: '${props.handler}' must name a directory under lambda/ holding handler.ts (looked for ${entry})`);
    }
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    if (!ALLOWED_RETENTION.has(retention)) {
      throw new Error(`logRetention: ${retention} days is outside 1..30 days (P-RETENTION)`);
    }
    const memorySize = props.memorySize ?? 512;
    if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10240) {
      throw new Error(`memorySize: ${memorySize} must be an integer from 128 to 10240 MiB`);
    }

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: props.logKey,
      retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.handler}: ${props.description}`.slice(0, 1000),
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      description: props.description,
      runtime: HANDLER_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize,
      timeout: props.timeout ?? Duration.minutes(1),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        minify: true,
        sourceMap: true,
        target: 'node22',
        externalModules: [],
        forceDockerBundling: false,
      },
    });

    // Active tracing is set on the function directly, with its grant in a policy of its own, so the
    // one wildcard X-Ray needs is suppressed there and nowhere near the grants callers add.
    (this.function.node.defaultChild as lambda.CfnFunction).tracingConfig = { mode: lambda.Tracing.ACTIVE };
    const tracing = new iam.Policy(this, 'TracingPolicy', {
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({
          sid: 'SendTraces',
          actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
          resources: ['*'],
        }),
      ],
    });
    NagSuppressions.addResourceSuppressions(tracing, [
      {
        id: 'AwsSolutions-IAM5',
        reason: 'X-Ray accepts trace segments only on Resource "*"; this policy holds nothing else.',
        appliesTo: ['Resource::*'],
      },
    ]);
  }
}
