import { Tags } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Marks a store as covered by the tenant termination workflow (P-DELETE-ON-TERMINATION), so
 * the summary and the nag rules can tell a store nobody deletes from one the workflow empties.
 */
export function declareDeletionCoverage(scope: IConstruct): void {
  Tags.of(scope).add('steward:deleted-by', 'tenant-termination');
}
