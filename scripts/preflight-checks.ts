import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogueRegion } from '../lib/config/region-catalogue';
import type { ResolvedStewardConfig } from '../lib/config/resolved';

/**
 * What a real deploy of a configuration needs that synth cannot check: each finding says what
 * would fail or do harm, and what to do. Steps preflight cannot verify offline (bootstrap,
 * opt-in regions, leftovers of an earlier deployment) stay findings until acknowledged with
 * their flag, after the step is done.
 */
export interface PreflightFinding {
  readonly kind: 'placeholder-certificate' | 'certificate-account' | 'no-operators' | 'opt-in-region' | 'bootstrap' | 'retained-name';
  /** The jurisdiction, or the stack for a retained name. */
  readonly where: string;
  readonly problem: string;
  readonly fix: string;
}

/** Flags that acknowledge steps done outside steward (preflight cannot see an account offline). */
export const ACKNOWLEDGEMENTS = {
  'opt-in-region': '--regions-enabled',
  bootstrap: '--bootstrapped',
  'retained-name': '--retained-names-free',
} as const satisfies Partial<Record<PreflightFinding['kind'], string>>;

const PLACEHOLDER = /:000000000000:|\/placeholder-/;

/** Findings from the configuration alone. */
export function configFindings(config: ResolvedStewardConfig): PreflightFinding[] {
  const findings: PreflightFinding[] = [];
  config.jurisdictions.forEach((j, i) => {
    const at = `jurisdictions[${i}] (${j.id})`;
    const certificates = {
      'access.vpn.serverCertificateArn': j.access.vpn.serverCertificateArn,
      'access.vpn.clientRootCertificateArn': j.access.vpn.clientRootCertificateArn,
      'access.frontEnd.portalCertificateArn': j.access.frontEnd.portalCertificateArn,
      'access.frontEnd.syslogCertificateArn': j.access.frontEnd.syslogCertificateArn,
    };
    for (const [field, arn] of Object.entries(certificates)) {
      if (PLACEHOLDER.test(arn)) {
        findings.push({
          kind: 'placeholder-certificate',
          where: at,
          problem: `${field} is a placeholder (${arn}): the deploy fails at the first resource that uses it`,
          fix: `import or request the certificate in ACM in ${j.primaryRegion} and put its ARN here (docs/operator-access.md)`,
        });
      } else if (j.account !== undefined && arn.split(':')[4] !== j.account) {
        findings.push({
          kind: 'certificate-account',
          where: at,
          problem: `${field} is in account ${arn.split(':')[4]}, the stacks deploy to ${j.account}`,
          fix: 'use a certificate of the deploy account',
        });
      }
    }
    if (j.access.operators.length === 0) {
      findings.push({
        kind: 'no-operators',
        where: at,
        problem: 'access.operators is empty: nobody can log in to the bastion, so hosts can only be reached by replacing them',
        fix: 'list each operator with their own SSH public key (docs/operator-access.md)',
      });
    }
    for (const region of [j.primaryRegion, j.replicaRegion]) {
      if (catalogueRegion(region).optIn) {
        findings.push({
          kind: 'opt-in-region',
          where: at,
          problem:
            `${region} (${catalogueRegion(region).location}) is an opt-in region: deploying to it fails until it is enabled in ` +
            `the account`,
          fix:
            `aws account enable-region --region-name ${region}, then wait until aws account get-region-opt-status --region-name ` +
            `${region} says ENABLED`,
        });
      }
    }
    const account = j.account ?? '<account>';
    findings.push({
      kind: 'bootstrap',
      where: at,
      problem:
        `the primary (${j.primaryRegion}) and replica (${j.replicaRegion}) regions must be bootstrapped, or the deploy fails ` +
        `before any stack starts`,
      fix:
        `npx cdk bootstrap aws://${account}/${j.primaryRegion} aws://${account}/${j.replicaRegion} (see docs/deploy.md for trust ` +
        `and qualifier)`,
    });
  });
  return findings;
}

/** A resource CloudFormation keeps when its stack is deleted, under a name fixed by the template. */
export interface RetainedName {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
}

/** The name property of each resource type whose physical names are unique per account and region (or globally). */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::S3::Bucket': 'BucketName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::DynamoDB::GlobalTable': 'TableName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::KMS::Alias': 'AliasName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
};

/** Retained resources with fixed names in the synthesized templates of a cloud assembly directory. */
export function retainedNames(outdir: string, accountOf: (stack: string) => string | undefined): RetainedName[] {
  const found: RetainedName[] = [];
  for (const file of readdirSync(outdir).filter((f) => f.endsWith('.template.json'))) {
    const stack = file.replace(/\.template\.json$/, '');
    const template = JSON.parse(readFileSync(join(outdir, file), 'utf8')) as {
      Resources?: Record<string, { Type: string; DeletionPolicy?: string; Properties?: Record<string, unknown> }>;
    };
    for (const resource of Object.values(template.Resources ?? {})) {
      const property = NAME_PROPERTY[resource.Type];
      const value = property ? resource.Properties?.[property] : undefined;
      if (value === undefined || !/^Retain/.test(resource.DeletionPolicy ?? '')) continue;
      found.push({ stack, type: resource.Type, name: renderName(value, accountOf(stack)) });
    }
  }
  return found.sort((a, b) => `${a.stack} ${a.name}`.localeCompare(`${b.stack} ${b.name}`));
}

/** A template name value as text: pseudo parameters spelled out, other references in angle brackets. */
function renderName(value: unknown, account: string | undefined): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if (Array.isArray(v['Fn::Join'])) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map((p) => renderName(p, account)).join(separator);
  }
  if (typeof v.Ref === 'string') {
    if (v.Ref === 'AWS::AccountId') return account ?? '<account>';
    return `<${v.Ref}>`;
  }
  return '<computed>';
}

export function retainedNameFindings(names: readonly RetainedName[]): PreflightFinding[] {
  return names.map((n) => ({
    kind: 'retained-name',
    where: n.stack,
    problem: `${n.type} '${n.name}' is retained when its stack is deleted; a new deploy after a teardown fails while it still exists`,
    fix:
      'on a first deploy, or an update of existing stacks, nothing to do; after a teardown, empty and delete the retained resource ' +
      'first (docs/deploy.md, Teardown)',
  }));
}

/** The findings left once the steps the user acknowledged are taken as done. */
export function unacknowledged(findings: readonly PreflightFinding[], flags: readonly string[]): PreflightFinding[] {
  return findings.filter((f) => {
    const flag = (ACKNOWLEDGEMENTS as Partial<Record<PreflightFinding['kind'], string>>)[f.kind];
    return flag === undefined || !flags.includes(flag);
  });
}

export function renderPreflight(findings: readonly PreflightFinding[], acknowledged: number): string {
  if (findings.length === 0) {
    return (
      `preflight: nothing found that would make a deploy fail or do ` +
      `harm${acknowledged ? ` (${acknowledged} acknowledged steps)` : ''}.\n`
    );
  }
  const lines = [`preflight: ${findings.length} thing${findings.length === 1 ? '' : 's'} would make a deploy fail or do harm:`, ''];
  const kinds = [...new Set(findings.map((f) => f.kind))];
  for (const kind of kinds) {
    const flag = (ACKNOWLEDGEMENTS as Partial<Record<string, string>>)[kind];
    lines.push(`${kind}${flag ? ` (cannot be checked offline; once done, acknowledge with ${flag})` : ''}:`);
    for (const f of findings.filter((x) => x.kind === kind)) lines.push(`  - ${f.where}: ${f.problem}`, `      fix: ${f.fix}`);
    lines.push('');
  }
  return lines.join('\n');
}
