import { NagSuppressions } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** The cdk-nag compliance packs that share rule names, by the prefix of their rule ids. */
const COMPLIANCE_PACK_PREFIXES = ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'] as const;

/**
 * Suppresses one rule, on one resource only, in every compliance pack that has it (NIST 800-53 R5,
 * HIPAA Security, PCI DSS 3.2.1 name the same check the same way), with one reason.
 */
export function suppressInCompliancePacks(resource: IConstruct, rule: string, reason: string): void {
  NagSuppressions.addResourceSuppressions(
    resource,
    COMPLIANCE_PACK_PREFIXES.map((prefix) => ({ id: `${prefix}-${rule}`, reason })),
    false,
  );
}
