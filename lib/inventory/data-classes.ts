/**
 * The data inventory: every class of data the platform stores, as code.
 *
 * Stores are generated from this list, so a store cannot exist without a declared class,
 * purpose, retention and residency rule (P-METADATA-ONLY). The seed sentence each class
 * comes from is kept beside it so the generated security summary can quote it.
 */

/** The stable identifiers of the data classes. */
export const DATA_CLASS_IDS = [
  'tenant-registry',
  'device-metadata',
  'config-cache',
  'config-backups',
  'provisioning-templates',
  'advanced-reporting-logs',
  'access-logs',
  'incident-logs',
  'device-logs',
  'user-accounts',
  'exports',
  'support-grants',
  'audit-receipts',
  'storage-access-logs',
  'data-access-trail',
  'operational-logs',
] as const;

export type DataClassId = (typeof DATA_CLASS_IDS)[number];

/** Where a class lives. User accounts live in the portal user pool, not in a bucket or table. */
export type StoreKind = 's3-bucket' | 'dynamodb-table' | 'user-pool' | 'log-group';

/** How long a class is kept. */
export type Retention =
  /** Kept a bounded number of days; configurable inside [minDays, maxDays]. */
  | { readonly kind: 'days'; readonly defaultDays: number; readonly minDays: number; readonly maxDays: number }
  /** Kept while the tenant's contract runs; removed by the termination workflow. */
  | { readonly kind: 'tenancy' };

export interface DataClass {
  readonly id: DataClassId;
  /** Human name, used in the security summary. */
  readonly title: string;
  /** The fields a record of this class may hold: metadata only, never traffic content. */
  readonly fields: readonly string[];
  /** Why the platform holds it. */
  readonly purpose: string;
  /** Whether a record can identify a natural person (user name, e-mail, IP address). */
  readonly personalData: boolean;
  readonly retention: Retention;
  /** Copied to the replica region of the same jurisdiction for resilience. */
  readonly replicated: boolean;
  /** Exists only for tenants who opted in (P-OPT-IN). */
  readonly optIn: boolean;
  /** Holds tenant data, so the termination workflow must delete it (P-DELETE-ON-TERMINATION). */
  readonly tenantData: boolean;
  readonly store: StoreKind;
  /** Keeps every version so an overwrite or delete can be recovered until retention ends. */
  readonly versioned: boolean;
  /** Seed document and sentence the class is declared from. */
  readonly source: string;
}

const LOG_RETENTION = { kind: 'days', defaultDays: 30, minDays: 1, maxDays: 30 } as const;
const LOG_FIELDS = [
  'tenantId', 'deviceId', 'timestamp', 'siteName', 'sourceIp', 'destinationIp', 'application', 'userName',
] as const;
const LOG_SOURCE = '002: CSO bewaart logboeken, zoals toegangs-, incident- en apparaatlogboeken, gedurende één tot 30 dagen';

export const DATA_CLASSES: readonly DataClass[] = [
  {
    id: 'tenant-registry',
    title: 'Tenant registry',
    fields: ['tenantId', 'organisationName', 'jurisdiction', 'status', 'optIns', 'tenantKeyArn', 'supportGrant'],
    purpose: 'Know which tenants exist, where their data lives, what they opted into and whether they are terminated.',
    personalData: false,
    retention: { kind: 'tenancy' },
    replicated: true,
    optIn: false,
    tenantData: true,
    store: 'dynamodb-table',
    versioned: true,
    source: '002: Als onderdeel van de onboarding van nieuwe klanten bij CSO',
  },
  {
    id: 'device-metadata',
    title: 'Device metadata',
    fields: ['tenantId', 'deviceId', 'siteName', 'siteIp', 'portsInUse', 'bytesTransmitted', 'userName'],
    purpose: 'Inventory and health of managed devices; metadata only, never traffic content.',
    personalData: true,
    retention: { kind: 'tenancy' },
    replicated: true,
    optIn: false,
    tenantData: true,
    store: 'dynamodb-table',
    versioned: true,
    source: '001: Metadata includes: ports in use, bytes transmitted by a device, site name and IP address, and username (email address).',
  },
  {
    id: 'config-cache',
    title: 'Device configuration cache',
    fields: ['tenantId', 'deviceId', 'securityPolicies', 'natRules', 'interfaceSettings', 'fetchedAt'],
    purpose: 'Serve configuration fetched just in time from a device while a user works with it.',
    personalData: false,
    retention: { kind: 'days', defaultDays: 1, minDays: 1, maxDays: 1 },
    replicated: false,
    optIn: false,
    tenantData: true,
    store: 's3-bucket',
    versioned: false,
    source:
      '001: Configuration data such as security policies, NAT and interface settings are retrieved "just in time" when requested by ' +
      'users and cached temporarily.',
  },
  {
    id: 'config-backups',
    title: 'Configuration backups (opt-in)',
    fields: ['tenantId', 'deviceId', 'configuration', 'takenAt'],
    purpose: 'Restore a device configuration for tenants who asked for backups.',
    personalData: false,
    retention: { kind: 'tenancy' },
    replicated: true,
    optIn: true,
    tenantData: true,
    store: 's3-bucket',
    versioned: true,
    source:
      '001: Configuration backups, provisioning templates and encrypted log details for advanced reporting are available on an opt-in ' +
      'basis.',
  },
  {
    id: 'provisioning-templates',
    title: 'Provisioning templates (opt-in)',
    fields: ['tenantId', 'templateId', 'template', 'updatedAt'],
    purpose: 'Provision new devices from a template the tenant saved.',
    personalData: false,
    retention: { kind: 'tenancy' },
    replicated: true,
    optIn: true,
    tenantData: true,
    store: 's3-bucket',
    versioned: true,
    source:
      '001: Configuration backups, provisioning templates and encrypted log details for advanced reporting are available on an opt-in ' +
      'basis.',
  },
  {
    id: 'advanced-reporting-logs',
    title: 'Encrypted log details for advanced reporting (opt-in)',
    fields: LOG_FIELDS,
    purpose: 'Advanced reporting over device logs for tenants who opted in.',
    personalData: true,
    retention: LOG_RETENTION,
    replicated: true,
    optIn: true,
    tenantData: true,
    store: 's3-bucket',
    versioned: true,
    source: '001: ... encrypted log details for advanced reporting are available on an opt-in basis.',
  },
  {
    id: 'access-logs',
    title: 'Access logs',
    fields: LOG_FIELDS,
    purpose: 'Show tenants who accessed which application or site through their devices.',
    personalData: true,
    retention: LOG_RETENTION,
    replicated: true,
    optIn: false,
    tenantData: true,
    store: 's3-bucket',
    versioned: true,
    source: LOG_SOURCE,
  },
  {
    id: 'incident-logs',
    title: 'Incident logs',
    fields: LOG_FIELDS,
    purpose: 'Show tenants the security incidents their devices reported.',
    personalData: true,
    retention: LOG_RETENTION,
    replicated: true,
    optIn: false,
    tenantData: true,
    store: 's3-bucket',
    versioned: true,
    source: LOG_SOURCE,
  },
  {
    id: 'device-logs',
    title: 'Device logs',
    fields: LOG_FIELDS,
    purpose: 'Show tenants the operational messages their devices sent over syslog-TLS.',
    personalData: true,
    retention: LOG_RETENTION,
    replicated: true,
    optIn: false,
    tenantData: true,
    store: 's3-bucket',
    versioned: true,
    source: LOG_SOURCE,
  },
  {
    id: 'user-accounts',
    title: 'Portal user accounts',
    fields: ['tenantId', 'userName', 'givenName', 'familyName', 'email', 'mfaSettings'],
    purpose: 'Let tenant users sign in to the portal.',
    personalData: true,
    retention: { kind: 'tenancy' },
    replicated: false,
    optIn: false,
    tenantData: true,
    store: 'user-pool',
    versioned: false,
    source: '002: CSO vereist de gebruikersnaam van de klant (voornaam, achternaam en e-mailadres)',
  },
  {
    id: 'exports',
    title: 'Tenant exports',
    fields: ['tenantId', 'exportId', 'archive'],
    purpose: 'Hand a tenant an archive of its data (portability, data-subject requests).',
    personalData: true,
    retention: { kind: 'days', defaultDays: 2, minDays: 1, maxDays: 7 },
    replicated: false,
    optIn: false,
    tenantData: true,
    store: 's3-bucket',
    versioned: false,
    source: '000: Data Portability: Customers may export certain data from the Security Cloud Services',
  },
  {
    id: 'support-grants',
    title: 'Support-access grants',
    fields: ['tenantId', 'grantId', 'grantedAt', 'expiresAt', 'revokedAt'],
    purpose: 'Record whether, and until when, a tenant lets provider support read its data; no grant, no access.',
    personalData: false,
    // A grant lasts at most 72 hours; the table's time-to-live removes it within two days after.
    retention: { kind: 'days', defaultDays: 5, minDays: 5, maxDays: 5 },
    // A grant lost with its region fails closed (no access), so it needs no second copy.
    replicated: false,
    optIn: false,
    tenantData: true,
    store: 'dynamodb-table',
    versioned: true,
    source:
      '002: CSO biedt klanten de keuze of Juniper toegang heeft tot de CSO-gegevens van de klant voor ondersteuning of voor het ' +
      'oplossen van problemen.',
  },
  {
    id: 'audit-receipts',
    title: 'Audit receipts',
    fields: ['tenantId', 'operation', 'counts', 'startedAt', 'finishedAt', 'outcome', 'actor'],
    purpose:
      'Prove that a deletion, purge, export, data-subject request or support access happened, and which platform role did it; holds ' +
      'no data-subject data.',
    personalData: false,
    retention: { kind: 'days', defaultDays: 2190, minDays: 365, maxDays: 3650 },
    replicated: true,
    optIn: false,
    tenantData: false,
    store: 's3-bucket',
    versioned: true,
    source: '001: After termination of the service, all customer devices, user accounts, and data are deleted from the platform.',
  },
  {
    id: 'storage-access-logs',
    title: 'Storage access logs',
    fields: ['bucket', 'requester', 'operation', 'key', 'remoteIp', 'time'],
    purpose: 'Record every request made to a data bucket so all data access is logged (P-PURPOSE).',
    personalData: true,
    retention: { kind: 'days', defaultDays: 90, minDays: 30, maxDays: 365 },
    replicated: false,
    optIn: false,
    tenantData: false,
    store: 's3-bucket',
    versioned: true,
    source: '000: Purpose Limitation: Juniper Networks processes Processed Data only as instructed by its Customers',
  },
  {
    id: 'data-access-trail',
    title: 'Data access trail',
    fields: ['eventTime', 'eventSource', 'eventName', 'userIdentity', 'sourceIPAddress', 'resources', 'requestParameters'],
    purpose:
      'Record who read or wrote tenant objects and table items, and every key use and management call, in the region where ' +
      'it happened (CloudTrail), so all data access is logged (P-PURPOSE).',
    // Principals, source addresses and object keys (which carry tenant ids) can identify a person.
    personalData: true,
    retention: { kind: 'days', defaultDays: 365, minDays: 90, maxDays: 2190 },
    replicated: false,
    optIn: false,
    tenantData: false,
    store: 's3-bucket',
    versioned: true,
    source: '000: Purpose Limitation: Juniper Networks processes Processed Data only as instructed by its Customers',
  },
  {
    id: 'operational-logs',
    title: 'Operational logs',
    fields: ['timestamp', 'component', 'event', 'sourceIp', 'destinationIp', 'tenantId', 'counts'],
    purpose: 'Run and secure the platform: handler logs, VPC flow logs, VPN connection logs; never tenant content.',
    personalData: true,
    retention: { kind: 'days', defaultDays: 30, minDays: 1, maxDays: 30 },
    replicated: false,
    optIn: false,
    tenantData: false,
    store: 'log-group',
    versioned: false,
    source: '001: User access to servers is strictly controlled and available only via locked down VPN entry points',
  },
];

const BY_ID = new Map<string, DataClass>(DATA_CLASSES.map((c) => [c.id, c]));

export function isDataClassId(id: string): id is DataClassId {
  return BY_ID.has(id);
}

/** Looks a class up; an unknown id is a programming error, named in the message. */
export function dataClass(id: string): DataClass {
  const found = BY_ID.get(id);
  if (!found) {
    throw new Error(`Unknown data class '${id}'; known classes: ${DATA_CLASS_IDS.join(', ')}`);
  }
  return found;
}

export function dataClassesStoredIn(store: StoreKind): DataClass[] {
  return DATA_CLASSES.filter((c) => c.store === store);
}
