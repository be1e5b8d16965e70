import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { NETWORK_INTERFACES_POLICY } from '../nag/checkov-skips';
import { functionInVpc } from '../nag/rules/function-in-vpc';
import { STEWARD_PACK_NAME } from '../nag/security-summary-checks';
import { COMPLIANCE_PACKS, type SuppressionReasonKey } from '../nag/suppression-reasons';
import { suppress, suppressWildcards } from '../nag/suppressions';
import { HandlerNetwork } from './handler-network';

/** Where handler code lives: `lambda/<handler>/handler.ts`, each a thin adapter over a pure core. */
export const LAMBDA_ROOT = join(__dirname, '..', '..', 'lambda');

/** The one runtime every handler uses: the newest Node.js that aws-cdk-lib knows. */
export const HANDLER_RUNTIME = lambda.Runtime.NODEJS_24_X;

export interface HandlerFunctionProps {
  /** Directory under `lambda/` holding `handler.ts`, e.g. `tenant-onboarding`. */
  readonly handler: string;
  /** What the function is for, shown in the console. */
  readonly description: string;
  /** Customer-managed key that encrypts the function's log group and the stack's dead-letter queue (P-ENCRYPT-REST). */
  readonly logKey: kms.IKey;
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
  /**
   * Concurrent executions reserved (and capped) for the function, so a burst can neither starve
   * other functions nor overrun the stores it calls.
   * @default 5
   */
  readonly reservedConcurrency?: number;
  /**
   * Why the function must run outside the VPC: the suppression reason naming what it calls that
   * no endpoint of the VPC serves. It suppresses exactly the in-VPC checks of this function, and
   * the suppression ledger shows it.
   * @default none: the function runs where its stack declared (HandlerNetwork.declare)
   */
  readonly outsideVpc?: SuppressionReasonKey;
}

/**
 * A Lambda function built the house way: NodejsFunction bundled by the local esbuild (AWS SDK v3
 * bundled in, so the code runs against the SDK version it was tested with), the newest Node.js
 * runtime on ARM, X-Ray tracing, JSON logs into its own KMS-encrypted log group with bounded
 * retention, reserved concurrency, a dead-letter queue, and a role of its own whose permissions
 * all live in one customer-managed policy: callers add exactly what it needs with `allow`/`useKey`.
 */
export class HandlerFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  /** The function's permissions; CDK grant helpers are not used, so nothing lands in an inline policy. */
  readonly policy: iam.ManagedPolicy;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    const entry = join(LAMBDA_ROOT, props.handler, 'handler.ts');
    if (!/^[a-z][a-z0-9-]*$/.test(props.handler) || !existsSync(entry)) {
      throw new Error(`handler: '${props.handler}' must name a directory under lambda/ holding handler.ts (looked for ${entry})`);
    }
    const memorySize = props.memorySize ?? 512;
    if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10240) {
      throw new Error(`memorySize: ${memorySize} must be an integer from 128 to 10240 MiB`);
    }
    const reserved = props.reservedConcurrency ?? 5;
    if (!Number.isInteger(reserved) || reserved < 1 || reserved > 100) {
      throw new Error(`reservedConcurrency: ${reserved} must be an integer from 1 to 100`);
    }
    const shared = HandlerSupport.of(Stack.of(this), props.logKey);
    const network = props.outsideVpc === undefined ? HandlerNetwork.of(this)?.props : undefined;

    // 30 days is the operational-logs bound; buildStewardApp applies the jurisdiction's configured
    // retention and the class tags to every log group (classifyLogGroups).
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: props.logKey,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.handler}: ${props.description}`.slice(0, 1000),
      managedPolicies: [shared.tracingPolicy, ...(network ? [shared.networkInterfacesPolicy()] : [])],
    });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Permissions of ${props.handler}: ${props.description}`.slice(0, 1000),
      roles: [this.role],
    });
    this.allow(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
      new iam.PolicyStatement({ sid: 'SendToDeadLetterQueue', actions: ['sqs:SendMessage'], resources: [shared.deadLetterQueue.queueArn] }),
      // Through SQS only: the same key keeps workflow histories, which only their own callers may open.
      new iam.PolicyStatement({
        sid: 'EncryptDeadLetters',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.logKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sqs.${Stack.of(this).region}.amazonaws.com` } },
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
      reservedConcurrentExecutions: reserved,
      // In the VPC's subnets without an internet route: every AWS call goes through a VPC endpoint,
      // whose policy admits only this account's principals and resources (the data perimeter).
      vpc: network?.vpc,
      vpcSubnets: network?.subnets,
      securityGroups: network ? [network.securityGroup] : undefined,
      // The function sees a view of the role that ignores CDK's automatic grants: every
      // permission is stated in `policy`, none slips into an inline policy.
      role: this.role.withoutPolicyUpdates(),
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      deadLetterQueueEnabled: true,
      deadLetterQueue: shared.deadLetterQueue,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        minify: true,
        sourceMap: true,
        target: 'node22',
        externalModules: [],
        // The ES module builds of the SDK and Powertools let esbuild drop what a handler never
        // calls: the largest bundle shrinks by about 40%.
        mainFields: ['module', 'main'],
        forceDockerBundling: false,
        // esbuild's per-bundle size report would repeat for every handler on every synth.
        logLevel: LogLevel.WARNING,
      },
    });
    (this.function.node.defaultChild as lambda.CfnFunction).tracingConfig = { mode: lambda.Tracing.ACTIVE };
    this.function.node.addDependency(this.policy);
    if (props.outsideVpc !== undefined) {
      const reason = props.outsideVpc;
      suppress(this.function, [
        ...COMPLIANCE_PACKS.map((pack) => ({ rule: `${pack}-LambdaInsideVPC`, reason })),
        { rule: `${STEWARD_PACK_NAME}-${functionInVpc.id}`, reason },
      ], { withChildren: true });
    }
  }

  /** Adds permissions to the function's managed policy. */
  allow(...statements: iam.PolicyStatement[]): void {
    this.policy.addStatements(...statements);
  }

  /** Key permissions without wildcard actions: reading decrypts, writing also generates data keys. */
  useKey(key: kms.IKey, access: 'read' | 'write'): void {
    this.allow(new iam.PolicyStatement({
      actions: ['kms:Decrypt', 'kms:DescribeKey', ...(access === 'write' ? ['kms:Encrypt', 'kms:GenerateDataKey'] : [])],
      resources: [key.keyArn],
    }));
  }
}

/**
 * What every handler of a stack shares: one X-Ray policy (the only grant with Resource "*") and
 * one encrypted dead-letter queue for failed asynchronous invocations.
 */
class HandlerSupport extends Construct {
  static of(stack: Stack, key: kms.IKey): HandlerSupport {
    const existing = stack.node.tryFindChild('HandlerSupport') as HandlerSupport | undefined;
    if (existing && existing.key !== key) {
      throw new Error(`logKey: the handlers of stack ${stack.stackName} share one dead-letter queue, so they must share one log key`);
    }
    return existing ?? new HandlerSupport(stack, 'HandlerSupport', key);
  }

  readonly tracingPolicy: iam.ManagedPolicy;
  readonly deadLetterQueue: sqs.Queue;
  private networkInterfaces?: iam.ManagedPolicy;

  private constructor(scope: Construct, id: string, readonly key: kms.IKey) {
    super(scope, id);
    this.tracingPolicy = new iam.ManagedPolicy(this, 'TracingPolicy', {
      description: "Lets the stack's Lambda handlers send X-Ray traces",
      statements: [
        new iam.PolicyStatement({ sid: 'SendTraces', actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
      ],
    });
    suppressWildcards(this.tracingPolicy, 'xrayHasNoResourceScope', ['*']);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    suppress(this.deadLetterQueue, [{ rule: 'AwsSolutions-SQS3', reason: 'queueIsTheDeadLetterQueue' }]);
  }

  /** The network-interface rights Lambda needs to run a function in a VPC, shared by the stack's VPC handlers. */
  networkInterfacesPolicy(): iam.ManagedPolicy {
    if (this.networkInterfaces) return this.networkInterfaces;
    this.networkInterfaces = new iam.ManagedPolicy(this, NETWORK_INTERFACES_POLICY, {
      description: "Lets Lambda attach the stack's VPC handlers to their subnets",
      statements: [
        new iam.PolicyStatement({
          sid: 'ManageFunctionNetworkInterfaces',
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeSubnets',
            'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses',
            'ec2:UnassignPrivateIpAddresses',
          ],
          resources: ['*'],
        }),
      ],
    });
    suppressWildcards(this.networkInterfaces, 'lambdaNetworkInterfaces', ['*']);
    return this.networkInterfaces;
  }
}
