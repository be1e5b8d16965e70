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
  /** What keeps it beyond the synth-time rules (handlers, workflows, run-time policies). */
  readonly alsoKeptBy?: string;
  /** The part that only handler code keeps, which IAM would not refuse if the code were wrong. */
  readonly enforcedByCodeOnly?: string;
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
    alsoKeptBy: 'config validation refuses a region outside the jurisdiction; a permissions boundary denies other regions at run time',
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
    alsoKeptBy: "the data inventory (lib/inventory/data-classes.ts) declares each class's fields and purpose",
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
    alsoKeptBy: 'writes are refused for tenants without the opt-in (the opt-in writer and its write guard, data-rights stack)',
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
    alsoKeptBy: 'the tenant-scoped purge handler and its tests (data-rights stack); nothing to check at synth',
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
    alsoKeptBy: 'the termination workflow and its tests (tenant-lifecycle stack)',
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
    alsoKeptBy: 'encrypted volumes (P-ENCRYPT-REST rules); patching by the SSM patch baseline and maintenance window of the network stack',
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
    alsoKeptBy: 'the P-MIN-PORTS rules: the only internet ingress is the declared device SSH port and the front end',
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
    alsoKeptBy: 'tenant-scoped IAM: per-tenant work in STS sessions tagged with the tenant, proven by the IAM evaluation suite (test/iam)',
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
    alsoKeptBy:
      'IAM, at run time (data-rights stack, proven by test/iam/support-gates.test.ts): the support role holds no permission ' +
      'of its own; the consent handler, acting for the tenant, writes one gate per grant (an inline policy of the role) that ' +
      'allows sessions tagged with that tenant, issued at or after the grant\'s start, until the grant\'s end; a revoke ' +
      'deletes the tenant\'s gates, which ends sessions already issued as soon as IAM propagates the change (seconds), and ' +
      'a re-grant does not revive them; the role\'s permissions boundary caps every session to reads of its own tenant\'s ' +
      'prefix, partition and key. The broker also checks the grant, caps sessions at the grant\'s end, and every grant, ' +
      'revoke, expiry and session is audited. At most about 30 grants (29 with 63-character tenant ids) can be open at once ' +
      'per jurisdiction: IAM allows 10,240 characters of inline policy per role; a grant beyond that is refused, not stored',
  },
  {
    id: 'P-PORTABILITY',
    promise: 'Customers can export their data.',
    seeds: [{ seed: '000', text: 'Data Portability: Customers may export certain data from the Security Cloud Services' }],
    alsoKeptBy: 'the export handler and its tests (data-rights stack); the export store is checked like every store',
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
    alsoKeptBy: 'the data-subject request handlers and their tests (data-rights stack); nothing to check at synth',
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
    alsoKeptBy:
      'CloudTrail, at run time (data and replica stacks, checked by P-PURPOSE-TenantDataAccessTrailed, its policies proven by ' +
      'test/iam/data-access-trail.test.ts): in each region of the jurisdiction a single-region trail `<app>-<j>-data-access` ' +
      'records every management call made in that region, KMS included (every Decrypt, GenerateDataKey and key change, by ' +
      'whom), and every object read and write of the tenant buckets and item read and write of the tenant tables (in the ' +
      'replica region, of every table), into the `data-access-trail` bucket of that region: KMS-encrypted under its own ' +
      'key, which only the trail may encrypt with and only the account root may decrypt with, log file validation on, ' +
      'versioned, kept for the retention the inventory declares. Global IAM calls (recorded only in us-east-1) are in ' +
      'no jurisdiction\'s trail; S3 server access logs record the bucket requests a second time',
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
