import { join } from 'node:path';
import { CfnResource, CustomResource, CustomResourceProvider, CustomResourceProviderRuntime, Stack } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { ResolvedJurisdiction } from '../config/resolved';
import { PREFIX_LIST_PROVIDER } from '../nag/checkov-skips';
import { functionInVpc } from '../nag/rules/function-in-vpc';
import { STEWARD_PACK_NAME } from '../nag/security-summary-checks';
import { suppress } from '../nag/suppressions';
import { OperationalLogGroup } from './operational-log-group';

export interface ManagedPrefixListsProps {
  readonly jurisdiction: ResolvedJurisdiction;
  /** The region's `operational-logs` key; the provider's log group is encrypted with it. */
  readonly logKey: kms.IKey;
}

/**
 * The ids of the S3 and DynamoDB managed prefix lists of the stack's region, looked up while
 * CloudFormation deploys (synth stays offline): security groups open HTTPS to the gateway
 * endpoints with them instead of to 0.0.0.0/0.
 */
export class ManagedPrefixLists extends Construct {
  readonly s3: string;
  readonly dynamoDb: string;

  constructor(scope: Construct, id: string, props: ManagedPrefixListsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const provider = CustomResourceProvider.getOrCreateProvider(this, PREFIX_LIST_PROVIDER, {
      // Plain CommonJS beside this file, as aws-cdk-lib's own providers are: it is no handler of lambda/.
      codeDirectory: join(__dirname, 'prefix-list-lookup'),
      runtime: CustomResourceProviderRuntime.NODEJS_24_X,
      description: 'Looks up the S3 and DynamoDB managed prefix lists of the region while the network stack deploys',
      policyStatements: [{ Effect: 'Allow', Action: ['ec2:DescribeManagedPrefixLists'], Resource: '*' }],
    });
    const lookup = new CustomResource(this, 'Lookup', {
      serviceToken: provider.serviceToken,
      resourceType: PREFIX_LIST_PROVIDER,
      properties: { Names: { S3: `com.amazonaws.${stack.region}.s3`, DynamoDb: `com.amazonaws.${stack.region}.dynamodb` } },
    });
    this.s3 = lookup.getAttString('S3');
    this.dynamoDb = lookup.getAttString('DynamoDb');

    const handler = provider.node.tryFindChild('Handler');
    if (!(handler instanceof CfnResource)) {
      throw new Error(`managedPrefixLists: no ${PREFIX_LIST_PROVIDER} handler in ${stack.stackName}; aws-cdk-lib changed how it builds it`);
    }
    const logs = new OperationalLogGroup(this, 'ProviderLogs', { jurisdiction: props.jurisdiction, encryptionKey: props.logKey });
    handler.addPropertyOverride('LoggingConfig', { LogGroup: logs.logGroup.logGroupName, LogFormat: 'JSON' });
    suppress(handler, [{ rule: `${STEWARD_PACK_NAME}-${functionInVpc.id}`, reason: 'prefixListLookupRunsOnDeploy' }]);
  }
}
