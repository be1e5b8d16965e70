import { factChanges, type FactChange } from './fact-changes';
import { packCountChanges, suppressionChanges, type PackCountChange, type SuppressionChanges } from './nag-changes';
import { promiseFacts } from './promise-facts';
import type { SynthSnapshot } from './snapshot';
import { templateChanges, type ResourceChangeLine, type SecurityChangeTables } from './template-changes';

/** Everything a reviewer needs about an infrastructure change, computed from two synths alone. */
export interface Review {
  readonly promises: FactChange[];
  readonly security: SecurityChangeTables[];
  readonly resources: ResourceChangeLine[];
  readonly suppressions: SuppressionChanges;
  readonly checks: PackCountChange[];
}

/** The review of going from the base synth to the head synth: a pure function of the two. */
export function reviewSynths(base: SynthSnapshot, head: SynthSnapshot): Review {
  const templates = templateChanges(base, head);
  return {
    promises: factChanges(promiseFacts(base), promiseFacts(head)),
    security: templates.security,
    resources: templates.resources,
    suppressions: suppressionChanges(base.nag, head.nag),
    checks: packCountChanges(base.nag, head.nag),
  };
}

/** One sentence per reason the change weakens a promise; empty when nothing does. */
export function weakenings(review: Review): string[] {
  return [
    ...review.promises
      .filter((c) => c.verdict === 'weakens')
      .map((c) => `${c.promise}: ${c.subject} ${c.aspect} ${c.before} -> ${c.after}`),
    ...review.security.filter((s) => s.permissionsBroadened).map((s) => `IAM permissions broadened in ${s.stack}`),
    ...review.resources.filter((r) => r.warning).map((r) => `${r.stack}: ${r.path} ${r.warning}`),
  ];
}

/** True when the review has nothing to say: no promise, IAM, network, resource, suppression or check-count change. */
export function isEmptyReview(review: Review): boolean {
  return (
    review.promises.length === 0 &&
    review.security.length === 0 &&
    review.resources.length === 0 &&
    review.suppressions.added.length === 0 &&
    review.suppressions.removed.length === 0 &&
    review.checks.length === 0
  );
}
