import { flatten, isTrue, numberOf, regionsIn, resourcesOfType, tagsOf } from './cfn-values';
import type { CfnResourceJson, StackSnapshot, SynthSnapshot } from './snapshot';
import { ENV, METADATA, TAG, TAG_VALUE } from '../../lib/vocabulary';

/**
 * The promise facts of a synth: the few values a reviewer needs in plain words (retention per data
 * class, replica regions, open ports, MFA mode, key rotation and deletion windows, termination
 * coverage), read from the synthesized templates only, so any commit's synth can be compared.
 */
export type FactValue =
  /** A number of days; `null` means no limit. `worse` says which way weakens the promise. */
  | { readonly kind: 'days'; readonly days: number | null; readonly worse: 'longer' | 'shorter' | 'neither' }
  /** A set of names; `allowed`, when given, lists additions that do not weaken the promise. */
  | { readonly kind: 'set'; readonly items: readonly string[]; readonly worse: 'added' | 'removed'; readonly allowed?: readonly string[] }
  /** One of an ordered list of levels, strongest first. */
  | { readonly kind: 'level'; readonly level: string; readonly order: readonly string[] };

export interface PromiseFact {
  /** Promise id the fact bears on, e.g. `P-RETENTION`. */
  readonly promise: string;
  /** What the fact is about, e.g. `eu access-logs`. */
  readonly subject: string;
  /** Which property of the subject, e.g. `retention`. */
  readonly aspect: string;
  readonly value: FactValue;
}

/** Identity of a fact across two synths. */
export const factKey = (f: Pick<PromiseFact, 'subject' | 'aspect'>): string => `${f.subject} · ${f.aspect}`;

/** KMS defaults when a template leaves the property out. */
const KMS_DEFAULT_ROTATION_DAYS = 365;
const KMS_DEFAULT_PENDING_WINDOW_DAYS = 30;
/** DynamoDB's point-in-time recovery period when none is set. */
const PITR_DEFAULT_DAYS = 35;
const MFA_LEVELS = ['required', 'optional', 'off'] as const;
const MFA_BY_CFN: Record<string, string> = { ON: 'required', OPTIONAL: 'optional', OFF: 'off' };
const STORE_TYPES = [
  'AWS::S3::Bucket',
  'AWS::Logs::LogGroup',
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
  'AWS::Cognito::UserPool',
];
const STORE_KIND: Record<string, string> = {
  'AWS::S3::Bucket': 'bucket',
  'AWS::Logs::LogGroup': 'log group',
  'AWS::DynamoDB::Table': 'table',
  'AWS::DynamoDB::GlobalTable': 'table',
  'AWS::Cognito::UserPool': 'user pool',
};

interface StackContext {
  readonly stack: StackSnapshot;
  readonly jurisdiction: string;
  readonly allowedRegions: readonly string[] | undefined;
}

function contextOf(stack: StackSnapshot): StackContext {
  const stamp = stack.stewardMetadata[METADATA.jurisdiction]?.[0] as { id?: string; regions?: string[] } | undefined;
  return { stack, jurisdiction: stamp?.id ?? stack.name, allowedRegions: stamp?.regions };
}

const days = (d: number | null, worse: 'longer' | 'shorter' | 'neither'): FactValue => ({ kind: 'days', days: d, worse });
const set = (items: string[], worse: 'added' | 'removed', allowed?: readonly string[]): FactValue => ({
  kind: 'set',
  items,
  worse,
  allowed,
});
const level = (l: string, order: readonly string[]): FactValue => ({ kind: 'level', level: l, order });

/** Every promise fact of a synth, one per subject and aspect, sorted. */
export function promiseFacts(snapshot: SynthSnapshot): PromiseFact[] {
  const raw: PromiseFact[] = [];
  for (const stack of snapshot.stacks) {
    const ctx = contextOf(stack);
    raw.push(
      {
        promise: 'P-RESIDENCY',
        subject: ctx.jurisdiction,
        aspect: 'regions with stacks',
        value: set([stack.region], 'added', ctx.allowedRegions),
      },
      ...storeFacts(ctx),
      ...keyFacts(ctx),
      ...internetPortFacts(ctx),
      ...mfaFacts(ctx),
      ...terminationWindowFacts(ctx),
    );
  }
  return mergeFacts(raw);
}

/** Facts with the same subject and aspect (a class's stores in both regions) combine into the weakest value. */
export function mergeFacts(facts: readonly PromiseFact[]): PromiseFact[] {
  const byKey = new Map<string, PromiseFact>();
  for (const f of facts) {
    const key = factKey(f);
    const seen = byKey.get(key);
    byKey.set(key, seen ? { ...seen, value: combine(seen.value, f.value) } : f);
  }
  return [...byKey.values()].map(normalised).sort((a, b) => factKey(a).localeCompare(factKey(b)));
}

function combine(a: FactValue, b: FactValue): FactValue {
  if (a.kind === 'days' && b.kind === 'days') {
    if (a.days === null || b.days === null) return { ...a, days: a.worse === 'shorter' ? (a.days ?? b.days) : null };
    return { ...a, days: a.worse === 'shorter' ? Math.min(a.days, b.days) : Math.max(a.days, b.days) };
  }
  if (a.kind === 'set' && b.kind === 'set') return { ...a, items: [...a.items, ...b.items] };
  if (a.kind === 'level' && b.kind === 'level') return a.order.indexOf(b.level) > a.order.indexOf(a.level) ? b : a;
  return a;
}

function normalised(f: PromiseFact): PromiseFact {
  if (f.value.kind !== 'set') return f;
  const items = [...new Set(f.value.items)].sort((x, y) => x.localeCompare(y, 'en', { numeric: true }));
  const allowed = f.value.allowed ? [...new Set(f.value.allowed)].sort() : undefined;
  return { ...f, value: { ...f.value, items, allowed } };
}

/** Unfiltered, enabled lifecycle rules: the ones that apply to every object of the bucket. */
function wholeBucketRules(bucket: CfnResourceJson): Record<string, unknown>[] {
  const rules = ((bucket.Properties?.LifecycleConfiguration as { Rules?: Record<string, unknown>[] } | undefined)?.Rules ?? []);
  const filtered = (r: Record<string, unknown>) =>
    Boolean(r.Prefix) ||
    Boolean((r.TagFilters as unknown[] | undefined)?.length) ||
    Boolean((r.Filter as Record<string, unknown> | undefined)?.Prefix);
  return rules.filter((r) => r.Status !== 'Disabled' && !filtered(r));
}

const minOrNull = (values: (number | undefined)[]): number | null => {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length > 0 ? Math.min(...present) : null;
};

function storeFacts(ctx: StackContext): PromiseFact[] {
  const { stack, jurisdiction } = ctx;
  const facts: PromiseFact[] = [];
  const covered: string[] = [];
  const uncovered: string[] = [];
  for (const { resource } of resourcesOfType(stack, ...STORE_TYPES)) {
    const tags = resource.Type === 'AWS::Cognito::UserPool' ? userPoolTags(resource) : tagsOf(resource, stack.region);
    const cls = tags[TAG.dataClass];
    const kind = STORE_KIND[resource.Type];
    const subject = `${jurisdiction} ${cls ?? `${kind}s without a data class`}`;
    const store = `${cls ?? 'unclassified'} ${kind} in ${stack.region}`;
    if (tags[TAG.deletedBy] === TAG_VALUE.deletedByTenantTermination) covered.push(store);
    else if (tags[TAG.tenantData] === 'true') uncovered.push(store);
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::S3::Bucket') {
      const rules = wholeBucketRules(resource);
      const expiry = minOrNull(rules.map((r) => numberOf(r.ExpirationInDays)));
      facts.push({ promise: 'P-RETENTION', subject, aspect: 'retention', value: days(expiry, 'longer') });
      if ((props.VersioningConfiguration as { Status?: string } | undefined)?.Status === 'Enabled') {
        type Noncurrent = { NoncurrentDays?: unknown } | undefined;
        const noncurrent = rules.map((r) =>
          numberOf((r.NoncurrentVersionExpiration as Noncurrent)?.NoncurrentDays ?? r.NoncurrentVersionExpirationInDays),
        );
        facts.push({ promise: 'P-RETENTION', subject, aspect: 'old versions kept', value: days(minOrNull(noncurrent), 'longer') });
      }
      if (cls) {
        const regions = bucketReplicaRegions(resource, stack.region);
        facts.push({ promise: 'P-RESILIENCE', subject, aspect: 'replica regions', value: set(regions, 'removed', ctx.allowedRegions) });
      }
    } else if (resource.Type === 'AWS::Logs::LogGroup') {
      facts.push({ promise: 'P-RETENTION', subject, aspect: 'retention', value: days(numberOf(props.RetentionInDays) ?? null, 'longer') });
    } else if (resource.Type === 'AWS::DynamoDB::Table' || resource.Type === 'AWS::DynamoDB::GlobalTable') {
      facts.push(...tableFacts(resource, subject, ctx));
    }
  }
  facts.push(
    {
      promise: 'P-DELETE-ON-TERMINATION',
      subject: jurisdiction,
      aspect: 'stores the termination workflow deletes from',
      value: set(covered, 'removed'),
    },
    {
      promise: 'P-DELETE-ON-TERMINATION',
      subject: jurisdiction,
      aspect: 'tenant-data stores termination does not reach',
      value: set(uncovered, 'added'),
    },
  );
  return facts;
}

function userPoolTags(pool: CfnResourceJson): Record<string, string> {
  const tags = pool.Properties?.UserPoolTags;
  return tags && typeof tags === 'object' ? Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, String(v)])) : {};
}

function bucketReplicaRegions(bucket: CfnResourceJson, region: string): string[] {
  const rules = ((bucket.Properties?.ReplicationConfiguration as { Rules?: Record<string, unknown>[] } | undefined)?.Rules ?? []);
  return rules
    .filter((r) => r.Status !== 'Disabled')
    .flatMap((r) => {
      const destination = flatten((r.Destination as { Bucket?: unknown } | undefined)?.Bucket, region);
      const found = regionsIn(destination);
      return found.length > 0 ? found : [`bucket ${destination}`];
    });
}

function tableFacts(table: CfnResourceJson, subject: string, ctx: StackContext): PromiseFact[] {
  const props = table.Properties ?? {};
  type Pitr = { PointInTimeRecoveryEnabled?: unknown; RecoveryPeriodInDays?: unknown } | undefined;
  const replicas = (props.Replicas as { Region?: string; PointInTimeRecoverySpecification?: Pitr }[] | undefined) ?? [];
  const specs: Pitr[] =
    table.Type === 'AWS::DynamoDB::GlobalTable'
      ? replicas.map((r) => r.PointInTimeRecoverySpecification)
      : [props.PointInTimeRecoverySpecification as Pitr];
  const enabled = specs.length > 0 && specs.every((s) => isTrue(s?.PointInTimeRecoveryEnabled));
  const facts: PromiseFact[] = [
    { promise: 'P-RESILIENCE', subject, aspect: 'point-in-time recovery', value: level(enabled ? 'on' : 'off', ['on', 'off']) },
    {
      promise: 'P-RESILIENCE',
      subject,
      aspect: 'replica regions',
      value: set(replicas.map((r) => r.Region ?? '').filter((r) => r && r !== ctx.stack.region), 'removed', ctx.allowedRegions),
    },
  ];
  if (enabled) {
    const window = Math.max(...specs.map((s) => numberOf(s?.RecoveryPeriodInDays) ?? PITR_DEFAULT_DAYS));
    // Deleted items stay restorable for the whole window, also after a tenant's termination.
    const aspect = 'backup window (deleted items restorable)';
    facts.push({ promise: 'P-DELETE-ON-TERMINATION', subject, aspect, value: days(window, 'longer') });
  }
  return facts;
}

function keyFacts(ctx: StackContext): PromiseFact[] {
  const { stack, jurisdiction } = ctx;
  const aliasOf = new Map<string, string>();
  for (const { resource } of resourcesOfType(stack, 'AWS::KMS::Alias')) {
    const target = resource.Properties?.TargetKeyId as { Ref?: string; 'Fn::GetAtt'?: [string, string] } | undefined;
    const keyId = target?.Ref ?? target?.['Fn::GetAtt']?.[0];
    if (keyId) aliasOf.set(keyId, String(resource.Properties?.AliasName));
  }
  return resourcesOfType(stack, 'AWS::KMS::Key').flatMap(({ id, path, resource }) => {
    const props = resource.Properties ?? {};
    const subject = `${jurisdiction} key ${aliasOf.get(id) ?? path.replace(/^[^/]+\//, '')}`;
    const rotating = isTrue(props.EnableKeyRotation);
    const facts: PromiseFact[] = [
      { promise: 'P-ENCRYPT-REST', subject, aspect: 'rotation', value: level(rotating ? 'on' : 'off', ['on', 'off']) },
      // A key's own deletion window only delays the deletion of a key someone removed; neither way weakens a promise.
      {
        promise: 'P-ENCRYPT-REST',
        subject,
        aspect: 'deletion window',
        value: days(numberOf(props.PendingWindowInDays) ?? KMS_DEFAULT_PENDING_WINDOW_DAYS, 'neither'),
      },
    ];
    if (rotating) {
      const period = numberOf(props.RotationPeriodInDays) ?? KMS_DEFAULT_ROTATION_DAYS;
      facts.push({ promise: 'P-ENCRYPT-REST', subject, aspect: 'rotation period', value: days(period, 'longer') });
    }
    return facts;
  });
}

function terminationWindowFacts(ctx: StackContext): PromiseFact[] {
  return resourcesOfType(ctx.stack, 'AWS::Lambda::Function').flatMap(({ resource }) => {
    const env = (resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    const window = numberOf(env[ENV.keyDeletionWindowDays]);
    if (window === undefined) return [];
    const subject = `${ctx.jurisdiction} tenant keys`;
    return [{ promise: 'P-DELETE-ON-TERMINATION', subject, aspect: 'deletion window after termination', value: days(window, 'longer') }];
  });
}

const INTERNET = new Set(['0.0.0.0/0', '::/0']);

/** `tcp/443`, `tcp/1024-2048` or `all traffic` for one ingress rule. */
function portLabel(rule: Record<string, unknown>): string {
  const protocol = String(rule.IpProtocol ?? '');
  if (protocol === '-1' || protocol === 'all') return 'all traffic';
  const from = numberOf(rule.FromPort);
  const to = numberOf(rule.ToPort);
  const name = { '6': 'tcp', '17': 'udp', '1': 'icmp' }[protocol] ?? protocol;
  return from === undefined || from === to ? `${name}/${from ?? 'any'}` : `${name}/${from}-${to}`;
}

function internetPortFacts(ctx: StackContext): PromiseFact[] {
  const open: string[] = [];
  for (const { resource } of resourcesOfType(ctx.stack, 'AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress')) {
    const inline = (resource.Properties?.SecurityGroupIngress as Record<string, unknown>[] | undefined) ?? [];
    const rules = resource.Type === 'AWS::EC2::SecurityGroup' ? inline : [resource.Properties ?? {}];
    for (const rule of rules) {
      if (INTERNET.has(String(rule.CidrIp)) || INTERNET.has(String(rule.CidrIpv6))) open.push(portLabel(rule));
    }
  }
  return [{ promise: 'P-MIN-PORTS', subject: ctx.jurisdiction, aspect: 'ports open to the internet', value: set(open, 'added') }];
}

function mfaFacts(ctx: StackContext): PromiseFact[] {
  return resourcesOfType(ctx.stack, 'AWS::Cognito::UserPool').map(({ path, resource }) => ({
    promise: 'P-PORTAL-MFA',
    subject: `${ctx.jurisdiction} ${path.replace(/^[^/]+\//, '').replace(/\/Resource$/, '')}`,
    aspect: 'MFA',
    value: level(MFA_BY_CFN[String(resource.Properties?.MfaConfiguration ?? 'OFF')] ?? 'off', MFA_LEVELS),
  }));
}
