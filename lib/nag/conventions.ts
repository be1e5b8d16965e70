import { Stack, Tags } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { METADATA, TAG, TAG_VALUE } from '../vocabulary';

/**
 * Conventions the SecuritySummaryChecks read off the construct tree. Stacks and stores carry
 * them so a rule can decide a promise from the synthesized app alone, without the config.
 *
 * - Jurisdiction: `buildStewardApp` stamps every stack with construct metadata
 *   `steward:jurisdiction` = `{ id, regions }`; residency rules compare regions against it.
 * - Internet ingress: a stack that opens ports to the internet declares them with
 *   `declareInternetIngress` (metadata `steward:internet-ingress`); every other open port is a finding.
 * - Deletion coverage: the termination workflow tags each store it deletes from with
 *   `steward:deleted-by` = `tenant-termination` (`declareDeletionCoverage`).
 * - Support access: the support role is tagged `steward:purpose` = `support-with-consent`.
 */
/** What the app stamps on a stack so residency rules know where its data may live. */
export interface JurisdictionStamp {
  /** Jurisdiction id, e.g. `eu`. */
  readonly id: string;
  /** Every region inside the jurisdiction. */
  readonly regions: readonly string[];
}

/** A port a stack deliberately opens to the internet, and the secure protocol it carries. */
export interface DeclaredIngressPort {
  /** TCP or UDP port number. */
  readonly port: number;
  /** Transport protocol of the port. */
  readonly protocol: 'tcp' | 'udp';
  /** The authenticated, encrypted protocol on the port (P-ENCRYPT-TRANSIT). */
  readonly carries: 'https' | 'tls' | 'ssh' | 'http-redirect';
  /** Why the port is open, shown in the security summary. */
  readonly purpose: string;
}

/** Marks a store as deleted by the tenant termination workflow (P-DELETE-ON-TERMINATION). */
export function declareDeletionCoverage(scope: IConstruct): void {
  Tags.of(scope).add(TAG.deletedBy, TAG_VALUE.deletedByTenantTermination);
}

/** Stamps a stack with its jurisdiction; done once per stack by `buildStewardApp`. */
export function stampJurisdiction(stack: Stack, jurisdiction: JurisdictionStamp): void {
  if (jurisdictionStampOf(stack)) {
    throw new Error(`stack: ${stack.node.path} is already stamped with a jurisdiction`);
  }
  stack.node.addMetadata(METADATA.jurisdiction, { id: jurisdiction.id, regions: [...jurisdiction.regions] });
}

/** The jurisdiction stamp of the stack that holds a construct, if the app stamped one. */
export function jurisdictionStampOf(scope: IConstruct): JurisdictionStamp | undefined {
  const entry = Stack.of(scope).node.metadata.find((m) => m.type === METADATA.jurisdiction);
  return entry ? (entry.data as JurisdictionStamp) : undefined;
}

/** Declares ports a stack opens to the internet (P-MIN-PORTS); may be called more than once. */
export function declareInternetIngress(stack: Stack, ports: readonly DeclaredIngressPort[]): void {
  for (const p of ports) {
    if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) {
      throw new Error(`ports: ${p.port} is not a port number (1..65535)`);
    }
    if (p.port === 22) {
      throw new Error('ports: 22 is the host SSH port and is never opened to the internet; use another port for devices');
    }
  }
  stack.node.addMetadata(METADATA.internetIngress, ports.map((p) => ({ ...p })));
}

/** Every internet-facing port declared on the stack that holds a construct. */
export function declaredInternetIngressOf(scope: IConstruct): DeclaredIngressPort[] {
  return Stack.of(scope)
    .node.metadata.filter((m) => m.type === METADATA.internetIngress)
    .flatMap((m) => m.data as DeclaredIngressPort[]);
}
