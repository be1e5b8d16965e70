/**
 * The promise catalogue: every promise of the security summary (../shared/promises.md), with
 * the seed sentences it is read from, quoted verbatim. Kept in code so the generated summary
 * and the tests need nothing outside the repository.
 */

export const PROMISE_IDS = [
  'P-RESIDENCY',
  'P-ENCRYPT-REST',
  'P-ENCRYPT-TRANSIT',
  'P-METADATA-ONLY',
  'P-JIT-CACHE',
  'P-OPT-IN',
  'P-RETENTION',
  'P-EARLY-PURGE',
  'P-DELETE-ON-TERMINATION',
  'P-RESILIENCE',
  'P-HARDENED-HOSTS',
  'P-MIN-PORTS',
  'P-OPERATOR-ACCESS',
  'P-DEVICE-OUTBOUND',
  'P-PORTAL-MFA',
  'P-TENANT-ISOLATION',
  'P-SUPPORT-CONSENT',
  'P-PORTABILITY',
  'P-DSR',
  'P-PURPOSE',
] as const;

export type PromiseId = (typeof PROMISE_IDS)[number];

/** A seed document of ../shared/seeds/. */
export type SeedId = '000' | '001' | '002';

export const SEED_TITLES: Record<SeedId, string> = {
  '000': 'Security Director Cloud and Secure Edge privacy summary',
  '001': 'Sky Enterprise privacy and security summary',
  '002': 'Contrail Service Orchestration privacy supplement (Dutch)',
};

/** A sentence of a seed, verbatim; Dutch sentences carry an English gloss. */
export interface SeedQuote {
  readonly seed: SeedId;
  readonly text: string;
  /** English rendering of a non-English sentence. */
  readonly gloss?: string;
}

export interface SecurityPromise {
  readonly id: PromiseId;
  /** The promise in our words. */
  readonly promise: string;
  /** The seed sentences it comes from. */
  readonly seeds: readonly SeedQuote[];
  /** What keeps it beyond the synth-time rules (constructs, handlers, run-time policies) and the tests proving them. */
  readonly keptBy?: readonly Keeper[];
  /** How the keepers keep it, where the list alone would not say. */
  readonly how?: string;
  /** The part that only handler code keeps, which IAM would not refuse if the code were wrong. */
  readonly enforcedByCodeOnly?: string;
}

/**
 * A part of the repository that keeps a promise: a construct, handler or config check, or the
 * test proving one. test/nag/promise-trace.test.ts fails when the file or the name is gone, and
 * the security summary links to the file.
 */
export interface Keeper {
  /** What it does for the promise, in a few words. */
  readonly does: string;
  /** The file, relative to the repository root. */
  readonly file: string;
  /** An export of the file (class, function, constant), or for a test file a test's title (or its start). */
  readonly name: string;
}

/** A promise of the seeds that infrastructure code cannot keep; listed, never claimed. */
export interface OrganisationalPromise {
  readonly title: string;
  readonly seeds: readonly SeedQuote[];
  readonly why: string;
}

const S002_SECURITY: SeedQuote = {
  seed: '002',
  text:
    'De informatie die we verzamelen, inclusief apparaatconfiguraties, wordt gehost op services die beschikken over ' +
    'gecertificeerde beveiligingstechnologieën en -procedures om de integriteit en veiligheid van klantgegevens te ' +
    'waarborgen (bijv. gegevensscheiding, fysieke beveiliging, versleuteling van gegevens in doorvoer en in rust en ' +
    'rolgebaseerde toegangscontrole).',
  gloss:
    'The information we collect, including device configurations, is hosted on services with certified security ' +
    'technologies and procedures to safeguard the integrity and security of customer data (e.g. data separation, ' +
    'physical security, encryption of data in transit and at rest, and role-based access control).',
};

const S002_RETENTION: SeedQuote = {
  seed: '002',
  text:
    'CSO bewaart logboeken, zoals toegangs-, incident- en apparaatlogboeken, gedurende één tot 30 dagen, of in ' +
    'bepaalde gevallen, gedurende het huurcontract van een klant.',
  gloss:
    "CSO keeps logs, such as access, incident and device logs, for one to 30 days, or in some cases for the term of a customer's lease.",
};

const S001_SECURE_PROTOCOLS: SeedQuote = {
  seed: '001',
  text: 'All communication between Sky Enterprise systems and customer devices is via secure protocols (SSH, SSL, TLS) and authenticated.',
};

export const PROMISES: readonly SecurityPromise[] = [
  {
    id: 'P-RESIDENCY',
    promise: "Customer data is hosted in the tenant's jurisdiction and does not leave it.",
    seeds: [
      { seed: '000', text: 'For information on where data is hosted, please see the “Data Location” section of the CSD.' },
      {
        seed: '000',
        text:
          'Juniper Networks complies with international cross-border data transfer protections as set forth in the European ' +
          'Commission’s Standard Contractual Clauses.',
      },
    ],
    keptBy: [
      {
        does: 'config validation refuses a region outside the jurisdiction',
        file: 'test/config/validate.test.ts',
        name: 'refuses a primary region outside its jurisdiction',
      },
      {
        does: 'a permissions boundary on every role denies other regions at run time',
        file: 'lib/constructs/jurisdiction-boundary.ts',
        name: 'JurisdictionBoundary',
      },
      {
        does: 'the IAM suite finds no role reaching the other jurisdiction\'s stores',
        file: 'test/iam/tenant-isolation.test.ts',
        name: 'no role reaches the other jurisdiction\'s stores',
      },
    ],
  },
  {
    id: 'P-ENCRYPT-REST',
    promise: 'All data stored by the platform is encrypted at rest, with customer-managed keys that rotate.',
    seeds: [{ seed: '001', text: 'All data stored within Sky Enterprise is encrypted at rest.' }, S002_SECURITY],
  },
  {
    id: 'P-ENCRYPT-TRANSIT',
    promise: 'All communication with devices and users uses secure, authenticated protocols; device logs use TLS.',
    seeds: [
      S001_SECURE_PROTOCOLS,
      { seed: '001', text: 'Device message logs sent to Sky Enterprise must use TLS.' },
      {
        seed: '002',
        text:
          'Alle apparaatcommunicatie tussen CSO en het apparaat van de klant verloopt via beveiligde protocollen (SSH, SSL, TLS) ' +
          'en is geauthenticeerd.',
        gloss:
          "All device communication between CSO and the customer's device runs over secure protocols (SSH, SSL, TLS) and is authenticated.",
      },
    ],
  },
  {
    id: 'P-METADATA-ONLY',
    promise: 'Only metadata is collected from devices, never traffic content; every store declares its data class.',
    seeds: [
      {
        seed: '001',
        text:
          'Sky Enterprise only collects metadata from managed devices; it does not collect or have visibility of data transmitted ' +
          'over the customer network or through the customer’s managed Juniper devices.',
      },
      {
        seed: '002',
        text: 'CSO analyseert geen verkeersgegevens die via een SD-WAN worden verzonden.',
        gloss: 'CSO does not analyse traffic data sent over an SD-WAN.',
      },
    ],
    keptBy: [
      { does: 'the data inventory declares each class\'s fields and purpose', file: 'lib/inventory/data-classes.ts', name: 'DATA_CLASSES' },
    ],
  },
  {
    id: 'P-JIT-CACHE',
    promise: 'Device configuration is fetched just in time and cached only temporarily.',
    seeds: [
      {
        seed: '001',
        text:
          'Configuration data such as security policies, NAT and interface settings are retrieved “just in time” when requested ' +
          'by users and cached temporarily.',
      },
    ],
  },
  {
    id: 'P-OPT-IN',
    promise: 'Configuration backups, provisioning templates and advanced-reporting logs exist only for tenants who opted in.',
    seeds: [
      {
        seed: '001',
        text:
          'Configuration backups, provisioning templates and encrypted log details for advanced reporting are available on an ' +
          'opt-in basis.',
      },
    ],
    keptBy: [
      {
        does: 'the opt-in writer writes only for tenants that opted in',
        file: 'lib/constructs/opt-in-writer.ts',
        name: 'OptInWriter',
      },
      { does: 'it refuses a tenant without the opt-in before any write', file: 'lambda/opt-in-writer/core.ts', name: 'writeOptInObject' },
      {
        does: 'each opt-in bucket\'s policy denies writes by any other role',
        file: 'lib/constructs/opt-in-write-guard.ts',
        name: 'OptInWriteGuard',
      },
      {
        does: 'proven on moto',
        file: 'test/lambda/opt-in-writer/core.integration.test.ts',
        name: 'writes for a tenant that opted in, under its prefix, with its own key',
      },
      {
        does: 'proven on the synthesized policy',
        file: 'test/constructs/opt-in-write-guard.test.ts',
        name: 'denies PutObject on every opt-in bucket to everyone but the named writer roles',
      },
    ],
  },
  {
    id: 'P-RETENTION',
    promise: 'Logs are kept 1 to 30 days (or for the tenancy where stated); nothing outlives its declared retention.',
    seeds: [
      S002_RETENTION,
      {
        seed: '000',
        text:
          'Storage Limitation: Juniper Networks limits retention of Processed Data as set forth in the “Data Retention” section ' +
          'of the CSD.',
      },
    ],
  },
  {
    id: 'P-EARLY-PURGE',
    promise: 'Tenants can purge some of their logs before retention ends.',
    seeds: [
      {
        seed: '002',
        text: 'Klanten kunnen sommige van deze logboeken eerder opschonen.',
        gloss: 'Customers can purge some of these logs earlier.',
      },
    ],
    keptBy: [
      { does: 'the tenant-scoped early purge', file: 'lib/constructs/early-log-purge.ts', name: 'EarlyLogPurge' },
      {
        does: 'its handler deletes the chosen class in both regions and says done only when a fresh listing finds nothing',
        file: 'lambda/log-purge/core.ts',
        name: 'purgeLogs',
      },
      {
        does: 'proven on moto',
        file: 'test/lambda/log-purge/core.integration.test.ts',
        name: 'removes every version of the chosen class in both regions',
      },
      {
        does: 'proven on the S3 model',
        file: 'test/lambda/log-purge/core.model.test.ts',
        name: 'says partial, not done, when a fresh listing still finds versions',
      },
    ],
  },
  {
    id: 'P-DELETE-ON-TERMINATION',
    promise: "After termination, all of the tenant's devices, user accounts and data are deleted.",
    seeds: [
      {
        seed: '001',
        text: 'After termination of the service, all customer devices, user accounts, and data are deleted from the platform.',
      },
    ],
    keptBy: [
      {
        does: 'the termination workflow',
        file: 'lib/constructs/tenant-termination-workflow.ts',
        name: 'TenantTerminationWorkflow',
      },
      {
        does: 'verification by fresh listings before a receipt says verified',
        file: 'lambda/tenant-termination/verify.ts',
        name: 'verifyTermination',
      },
      {
        does: 'the portal-user guard: no user without a live tenant\'s id',
        file: 'lib/constructs/portal-user-guard.ts',
        name: 'PortalUserGuard',
      },
      {
        does: 'proven on moto, crash and resume included',
        file: 'test/lambda/tenant-termination/workflow.integration.test.ts',
        name: 'deletes every copy of acme in both regions',
      },
      {
        does: 'what the receipt may claim',
        file: 'test/lambda/tenant-termination/guarantees.integration.test.ts',
        name: 'a refused delete fails the run',
      },
    ],
  },
  {
    id: 'P-RESILIENCE',
    promise: 'Data is replicated across availability zones and a second region of the same jurisdiction.',
    seeds: [
      {
        seed: '001',
        text:
          'These data centers are highly secure and are replicated across multiple locations to ensure resiliency and rapid ' +
          'failover in a disaster situation.',
      },
    ],
  },
  {
    id: 'P-HARDENED-HOSTS',
    promise: 'Servers are hardened Linux with the latest security patches.',
    seeds: [{ seed: '001', text: 'Sky Enterprise services operate on hardened Linux servers running latest security patches.' }],
    keptBy: [
      {
        does: 'patching by an SSM patch baseline and maintenance window',
        file: 'lib/constructs/host-patching.ts',
        name: 'HostPatching',
      },
      {
        does: 'proven on the synthesized baseline',
        file: 'test/constructs/host-patching.test.ts',
        name: 'an Amazon Linux 2023 baseline approves security patches',
      },
    ],
  },
  {
    id: 'P-MIN-PORTS',
    promise: 'Only the ports needed for device connections and the web front end are open.',
    seeds: [
      { seed: '001', text: 'Servers are locked down and only required ports are open for Junos device connections of the web front-end.' },
    ],
  },
  {
    id: 'P-OPERATOR-ACCESS',
    promise: 'Operators reach servers only through locked-down VPN entry points, with individual SSH keys.',
    seeds: [
      {
        seed: '001',
        text:
          'User access to servers is strictly controlled and available only via locked down VPN entry points using individual SSH ' +
          'keys.',
      },
    ],
  },
  {
    id: 'P-DEVICE-OUTBOUND',
    promise: 'Device connections are outbound from the device, over SSH, and authenticated.',
    seeds: [{ seed: '001', text: 'Junos device connections are outbound from the device using SSH and are authenticated.' }],
    keptBy: [
      {
        does: 'the only internet ingress is the declared device SSH port and the front end (a P-MIN-PORTS rule)',
        file: 'lib/nag/rules/internet-ingress-on-declared-ports.ts',
        name: 'internetIngressOnDeclaredPorts',
      },
    ],
  },
  {
    id: 'P-PORTAL-MFA',
    promise: 'The web portal is served over TLS and two-factor authentication is available.',
    seeds: [{ seed: '001', text: 'Users access to the Sky Enterprise web portal is via SSL and 2 Factor Authentication is available.' }],
  },
  {
    id: 'P-TENANT-ISOLATION',
    promise: 'Customer data is separated per tenant; access is role-based.',
    seeds: [S002_SECURITY],
    keptBy: [
      {
        does: 'per-tenant work in STS sessions tagged with the tenant, on roles scoped by the tag',
        file: 'lib/constructs/tenant-session-role.ts',
        name: 'TenantSessionRole',
      },
      {
        does: 'the IAM evaluation suite: no cross-tenant call allowed but those listed',
        file: 'test/iam/tenant-isolation.test.ts',
        name: 'calls on another tenant\'s data are allowed only where the code alone chooses the tenant',
      },
      {
        does: 'the data perimeter: handlers in the isolated subnets, reaching AWS only through VPC endpoints limited to the account',
        file: 'lib/constructs/handler-network.ts',
        name: 'HandlerNetwork',
      },
      {
        does: 'the endpoint policies evaluated: another account\'s resources and credentials are refused',
        file: 'test/iam/endpoint-policies.test.ts',
        name: 'deny a call to another account\'s bucket',
      },
    ],
  },
  {
    id: 'P-SUPPORT-CONSENT',
    promise: 'The tenant decides whether the provider may access its data for support.',
    seeds: [
      {
        seed: '002',
        text:
          'CSO biedt klanten de keuze of Juniper toegang heeft tot de CSO-gegevens van de klant voor ondersteuning of voor het ' +
          'oplossen van problemen.',
        gloss: "CSO gives customers the choice whether Juniper has access to the customer's CSO data for support or troubleshooting.",
      },
    ],
    enforcedByCodeOnly:
      'which tenant a gate names: IAM has no condition on inline policy names or contents, so the consent handler\'s role ' +
      'could open a gate for any tenant of its jurisdiction, and only its code ties a gate to the tenant that asked (the ' +
      'portal back end\'s call); the refusal of new sessions for a tenant being terminated (the broker reads the registry, ' +
      'which IAM cannot; the tenant\'s gate lasts until its revoke or the grant\'s end); a session shorter than the role\'s ' +
      'one-hour maximum (config maxSessionMinutes)',
    how:
      'IAM, at run time: the support role holds no permission ' +
      'of its own; the consent handler, acting for the tenant, writes one gate per grant (an inline policy of the role) that ' +
      'allows sessions tagged with that tenant, issued at or after the grant\'s start, until the grant\'s end; a revoke ' +
      'deletes the tenant\'s gates, which ends sessions already issued as soon as IAM propagates the change (seconds), and ' +
      'a re-grant does not revive them; the role\'s permissions boundary caps every session to reads of its own tenant\'s ' +
      'prefix, partition and key. The broker also checks the grant, caps sessions at the grant\'s end, and every grant, ' +
      'revoke, expiry and session is audited. At most about 30 grants (29 with 63-character tenant ids) can be open at once ' +
      'per jurisdiction: IAM allows 10,240 characters of inline policy per role; a grant beyond that is refused, not stored',
    keptBy: [
      {
        does: 'the consent handler opens and closes the per-grant gates',
        file: 'lambda/support-consent/gates.ts',
        name: 'iamSupportGates',
      },
      { does: 'the support role holds no permission of its own', file: 'lib/constructs/support-access-role.ts', name: 'SupportAccessRole' },
      {
        does: 'the consent path, acting for the tenant',
        file: 'lib/constructs/support-consent.ts',
        name: 'SupportConsent',
      },
      {
        does: 'IAM denies sessions issued before a revocation',
        file: 'test/iam/support-gates.test.ts',
        name: 'a session issued before the revocation is denied, also after a re-grant',
      },
      {
        does: 'proven on moto',
        file: 'test/lambda/support-access/consent.integration.test.ts',
        name: 'a grant opens one gate on the support role for that tenant',
      },
    ],
  },
  {
    id: 'P-PORTABILITY',
    promise: 'Customers can export their data.',
    seeds: [{ seed: '000', text: 'Data Portability: Customers may export certain data from the Security Cloud Services' }],
    keptBy: [
      { does: 'the export workflow', file: 'lib/constructs/tenant-export.ts', name: 'TenantExport' },
      { does: 'its handler archives only the tenant\'s objects and items', file: 'lambda/tenant-export/core.ts', name: 'startExport' },
      { does: 'proven on moto', file: 'test/lambda/tenant-export/core.integration.test.ts', name: 'archives only the tenant' },
    ],
  },
  {
    id: 'P-DSR',
    promise: 'Customers can fulfil data-subject requests themselves.',
    seeds: [
      {
        seed: '000',
        text:
          'Data Subject Requests: Customers have the capability to fulfill certain data subject requests on their own, and for ' +
          'any other requests, Juniper Networks is available to assist Customers.',
      },
    ],
    keptBy: [
      {
        does: 'the data-subject request workflow',
        file: 'lib/constructs/data-subject-requests.ts',
        name: 'DataSubjectRequests',
      },
      {
        does: 'its handler finds, exports and erases one subject\'s data',
        file: 'lambda/data-subject-request/core.ts',
        name: 'startDataSubjectRequest',
      },
      {
        does: 'proven on moto',
        file: 'test/lambda/data-subject-request/core.integration.test.ts',
        name: 'erase: rewrites without the subject',
      },
    ],
  },
  {
    id: 'P-PURPOSE',
    promise: 'Data is processed only as the customer instructs; every access to tenant data is logged.',
    seeds: [
      {
        seed: '000',
        text:
          'Purpose Limitation: Juniper Networks processes Processed Data only as instructed by its Customers to provide the ' +
          'Security Cloud Services and as otherwise permitted by the DPA (defined below).',
      },
    ],
    keptBy: [
      {
        does: 'a single-region trail per region of the jurisdiction, into its own encrypted bucket',
        file: 'lib/constructs/data-access-trail.ts',
        name: 'DataAccessTrail',
      },
      {
        does: 'judges that every tenant store has a trail recording its data events and every KMS event',
        file: 'lib/nag/rules/tenant-data-access-trailed.ts',
        name: 'tenantDataAccessTrailed',
      },
      {
        does: 'only this account\'s trail may write and encrypt, nobody but the root may decrypt',
        file: 'test/iam/data-access-trail.test.ts',
        name: 'another account\'s trail of the same name',
      },
      {
        does: 'what the trail records',
        file: 'test/constructs/data-access-trail.test.ts',
        name: 'keeps every management event and every object and item event',
      },
    ],
    how:
      'CloudTrail, at run time (data and replica stacks, judged by P-PURPOSE-TenantDataAccessTrailed): in each region of ' +
      'the jurisdiction a single-region trail `<app>-<j>-data-access` records every management call made in that region, ' +
      'KMS included (every Decrypt, GenerateDataKey and key change, by whom), and every object read and write of the tenant ' +
      'buckets and item read and write of the tenant tables (in the replica region, of every table), into the ' +
      '`data-access-trail` bucket of that region: KMS-encrypted under its own key, which only the trail may encrypt with ' +
      'and only the account root may decrypt with, log file validation on, versioned, kept for the retention the ' +
      'inventory declares. Global IAM calls (recorded only in us-east-1) are in no jurisdiction\'s trail; S3 server ' +
      'access logs record the bucket requests a second time',
  },
];

export const ORGANISATIONAL_PROMISES: readonly OrganisationalPromise[] = [
  {
    title: 'SOC 2 compliant, certified data centres',
    seeds: [
      {
        seed: '001',
        text:
          'Servers are hosted in secure data centers in geographically dispersed locations. The data center provider is SOC2 ' +
          'compliant.',
      },
      { seed: '001', text: 'Sky Enterprise is co-located in sophisticated data centers with industry standard certifications.' },
    ],
    why: "a property of the cloud provider's facilities and audits (AWS SOC reports), not of this code",
  },
  {
    title: 'Periodic penetration tests',
    seeds: [
      { seed: '001', text: 'Sky Enterprise platforms are periodically scanned by multiple different penetration testing organizations.' },
    ],
    why: 'an engagement the operator schedules and evidences with reports; code cannot run or prove it',
  },
  {
    title: 'Data processing agreement and Standard Contractual Clauses',
    seeds: [
      {
        seed: '000',
        text:
          'The DPA incorporates the European Commission’s Standard Contractual Clauses and required terms from other data privacy ' +
          'and data protection laws from around the world.',
      },
    ],
    why: 'a contract between the parties; the infrastructure keeps data in the jurisdiction, the contract governs any transfer',
  },
];
