import { TAG } from '../vocabulary';

/**
 * Every reason the app gives for a cdk-nag suppression, written once. A suppression names its
 * resource (and, for wildcard findings, the exact `appliesTo`), and takes its reason from here.
 */
export const SUPPRESSION_REASON = {
  boundaryGrantsNothing:
    'A permissions boundary grants nothing; its allow-all only lets the deny on regions outside the jurisdiction cap ' +
    'every role of the stack (P-RESIDENCY at run time).',
  replicationWildcards:
    'Replication copies every object version of each replicated bucket, so it reads all keys of exactly that source ' +
    'bucket and writes all keys of exactly its replica bucket. The replica key lives in another stack and region and is ' +
    'addressed by alias: the grant covers only keys of that region carrying the class alias (kms:ResourceAliases condition). ' +
    'Tenant keys are created at onboarding, so Decrypt names every key of the source region but only those tagged as tenant keys, ' +
    'used through S3 of that region (aws:ResourceTag and kms:ViaService conditions).',
  replicaIsTheCopy:
    'This bucket is the in-jurisdiction replica (P-RESILIENCE); replicating it again would only add a third copy to delete ' +
    'on termination, or send data out of the jurisdiction (P-RESIDENCY).',
  configCacheNeverReplicated:
    'P-JIT-CACHE: device configuration is cached temporarily in one region and never replicated; the device is the ' +
    'source of truth and is asked again.',
  exportsNotReplicated:
    "P-PORTABILITY: an export archive lives a few days for one download in the tenant's region; a second copy would " +
    'outlive the download and keep personal data longer.',
  accessLogsStayInRegion:
    "Each region records requests to its own buckets in its own access-log bucket, so both regions' logs already exist " +
    'without copying them.',
  dataAccessTrailStaysInRegion:
    "Each region's trail records the calls made in that region into its own bucket, so both regions' trails already exist " +
    'without copying them.',
  trailKeptInItsBucket:
    'P-PURPOSE: the data access trail is kept in its own bucket, KMS-encrypted, versioned and validated, for the retention ' +
    'the inventory declares; a CloudWatch Logs copy would be a second store of the same personal data with another ' +
    'retention and more readers.',
  trailStaysInItsRegion:
    "P-RESIDENCY, P-PURPOSE: each region of the jurisdiction has its own single-region trail; a multi-region trail would " +
    "also record calls made in other jurisdictions' regions, and global IAM calls whose policies name tenants, into this " +
    "jurisdiction's bucket.",
  configCacheUnversioned:
    'P-JIT-CACHE: an overwritten or deleted cache entry must be gone at once, not kept as an old version; the cache ' +
    'expires within a day and is rebuilt from the device.',
  exportsUnversioned:
    'Export archives are written once under a fresh key and expire within days; old versions would only keep personal ' +
    'data longer (P-RETENTION).',
  xrayHasNoResourceScope:
    'X-Ray accepts trace segments only on Resource "*"; the policy holds nothing else and is shared by the stack\'s handlers.',
  queueIsTheDeadLetterQueue:
    "This queue is itself the dead-letter queue of the stack's Lambda handlers; a dead-letter queue of a dead-letter queue " +
    'would only move the same failed events again.',
  reachesReplicaRegion:
    "The handler calls S3 (the verify step also DynamoDB) in the jurisdiction's replica region, which the primary " +
    "region's VPC cannot reach: gateway endpoints serve only their own region and the replica region has no VPC " +
    '(the replica-region worker that would close this is described in docs/deploy.md). Its requests go over TLS to the ' +
    "replica region's regional endpoints, signed by a role whose boundary allows only the jurisdiction's regions and " +
    'whose data access is a session tagged with one tenant; it accepts no inbound connection.',
  callsGlobalIam:
    "The consent handler writes and removes the support role's per-grant gates through IAM, whose API is global " +
    "(iam.amazonaws.com, served from us-east-1) and has no interface endpoint in the jurisdiction's region; its IAM " +
    'rights name only the support role, and its data access is a session tagged with the one tenant it serves.',
  lambdaNetworkInterfaces:
    "Lambda creates and removes a VPC function's network interfaces with the function's role; " +
    'ec2:DescribeNetworkInterfaces has no resource type and the interface, subnet and security group are chosen by ' +
    'Lambda, so the documented minimum (AWSLambdaVPCAccessExecutionRole) uses Resource "*"; the policy holds nothing else.',
  agentEndpointNamesNoAccount:
    'The SSM agent reads AWS-owned documents and patch baselines, and the ec2messages and ssmmessages channel actions ' +
    'name no resource, so no resource-account condition can hold on this endpoint; its policy admits only principals ' +
    "of the platform's own account (aws:PrincipalAccount) and only the service's own actions.",
  prefixListLookupRunsOnDeploy:
    'The provider that looks up the S3 and DynamoDB managed prefix lists runs only while CloudFormation deploys the ' +
    'network stack, called synchronously by CloudFormation, which reports its failure; it calls only ' +
    'ec2:DescribeManagedPrefixLists (no resource type, so Resource "*"), holds no data, and logs into an encrypted, ' +
    'bounded operational-logs group. It runs outside the VPC because the VPC has no EC2 endpoint.',
  tenantPrefixWildcards:
    "Tenant ids exist only at run time, so IAM can scope deletes and listings to the tenants/ prefix of the jurisdiction's " +
    'tenant-data buckets, no narrower; the code refuses any key outside tenants/<tenantId>/ and any bucket not declared.',
  tenantKeysByTag:
    'Tenant keys are created at run time, so their ARNs are unknown at synth; each statement matches only keys tagged ' +
    `${TAG.purpose}=tenant-data-key (or, for replica table keys, only use through DynamoDB in the replica region).`,
  listStreamsHasNoResource:
    'dynamodb:ListStreams has no resource type in IAM, so only Resource "*" matches it; the Lambda event source ' +
    'mapping of the registry stream needs it, and it reveals stream ARNs only, no data.',
  tenantSessionScope:
    `Tenant ids exist only at run time; the wildcard is the rest of one tenant's prefix, tenants/\${aws:PrincipalTag/${TAG.tenant}}/*, ` +
    'bound to the tenant a session is tagged with (its trust requires exactly that tag), and tenant keys are usable only ' +
    'with that same tenant\'s encryption context: one session reaches one tenant.',
  tenantSessionKeys:
    'Tenant keys are created at run time, so their ARNs are unknown at synth; the session may act only on the key tagged ' +
    `${TAG.purpose}=tenant-data-key and ${TAG.tenant} equal to the tenant named by its own session tag.`,
  tenantKeyCreation:
    'KMS CreateKey has no resource to scope; the request must carry the tenant-data-key tag, and aliases may be created ' +
    "only under the jurisdiction's tenant alias prefix.",
  receiptsPrefix: 'Termination receipts are written only under terminations/ of the audit-receipts bucket, one object per execution.',
  stateMachineLogsAndTracing:
    "CloudWatch Logs log delivery and X-Ray have no resource-level permissions; the state machine's policy holds nothing " +
    'else with a wildcard.',
  ownWorkflowExecutions:
    "Executions are named per request at run time (the caller's request id), so a handler reads the status of " +
    'executions of its own state machine only: states:DescribeExecution on execution:<its state machine>:*.',
  distributedMapChildExecutions:
    "The purge fan-out's child execution names are chosen by Step Functions at run time; the statement names only " +
    'executions of this state machine and only DescribeExecution and StopExecution, as a Distributed Map requires.',
  dataRightsTenantScope:
    'A data-rights handler serves every tenant of the jurisdiction and validates one tenant id per request, so IAM scopes ' +
    'objects to tenants/* of the named buckets, audit records to data-rights/<operation>/ of the audit-receipts bucket, ' +
    `and tenant keys to those tagged ${TAG.purpose}=tenant-data-key, used through S3 with a tenant encryption context.`,
  supportSessionTenantScope:
    `Each wildcard ends in \${aws:PrincipalTag/${TAG.tenant}}: a support session reads objects under its one tenant's ` +
    'prefix only, and decrypts only tenant-data keys through S3 with that tenant as encryption context (P-SUPPORT-CONSENT).',
  streamListingHasNoResourceScope:
    'dynamodb:ListStreams has no resource-level permissions; it returns stream ARNs only, and reading a stream is granted ' +
    'on the support-grants stream alone.',
  ssmAgentManagedPolicy:
    'AmazonSSMManagedInstanceCore is the AWS-maintained minimum for the SSM agent that installs patches ' +
    '(P-HARDENED-HOSTS); it grants nothing on tenant data.',
  bastionReplacedFromConfig:
    'Termination protection would block the replacement that applies a changed operator list; the bastion holds no ' +
    'data and is rebuilt from the configuration (P-OPERATOR-ACCESS).',
  internetFacingFrontEnd:
    'Internet-facing by purpose: portal users and devices connect from anywhere; only the ports listed in ' +
    'access.frontEnd.allowedPorts are open, each declared with its protocol (P-MIN-PORTS).',
  loadBalancerAccessLogs:
    'Load balancer access logs need an SSE-S3 bucket (ALB) and would hold client IPs outside the data inventory; ' +
    'connections are recorded by VPC flow logs, portal requests by the WAF log, and sessions by the services behind ' +
    'the listeners.',
  httpRedirectOnly:
    'Plain HTTP listener whose only action is a permanent redirect to the HTTPS listener; it serves no content ' + '(P-ENCRYPT-TRANSIT).',
  sshPassthrough:
    'Device SSH is passed through: devices authenticate and encrypt with SSH end to end, so the load balancer holds ' +
    'no certificate (P-DEVICE-OUTBOUND).',
  frontEndSubnetsRouteToInternet:
    'Only the front-end subnets route to the internet, and only the internet-facing load balancers run there; ' +
    'services and hosts sit in subnets without an internet route (P-MIN-PORTS).',
  portalMfaOptional:
    'access.portalMfa is optional: P-PORTAL-MFA promises that a second factor is available, and TOTP is offered to ' +
    'every user; set access.portalMfa to required to enforce it.',
  terminationLogsFailuresOnly:
    'The termination workflow logs every failure (of the run, a task, a Lambda invocation, the purge fan-out\'s map run) ' +
    'with its error and cause and no execution data: what an operator acts on after the alarm. Level ALL would add an ' +
    'entry for every state of every purge slice of every child execution; progress and success are in the execution ' +
    'history and the receipt (issue 10, point 12).',
  environmentHoldsNoSecrets:
    "The function's environment holds only resource names, regions and log settings, never secrets or personal data " +
    '(HandlerFunction: "no secrets, they are visible in the template"); Lambda encrypts it at rest with its service key.',
  cdkProviderRunsOnDeploy:
    "aws-cdk-lib's provider that removes the default security group's rules runs only while CloudFormation deploys the " +
    'VPC, called synchronously by CloudFormation, which reports its failure; it calls only the EC2 API, holds no data, ' +
    'and logs into an encrypted, bounded operational-logs group. It runs outside the VPC because the VPC has no EC2 endpoint.',
  accessLogSinkCannotLogItself:
    'This is the server-access-log bucket of its region; logging its own requests into itself would write a log record ' +
    'for every log delivery, without end.',
} as const;

export type SuppressionReasonKey = keyof typeof SUPPRESSION_REASON;

/** The prefixes of the compliance packs that restate the same AWS Config rules. */
export const COMPLIANCE_PACKS = ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'] as const;
