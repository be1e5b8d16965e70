import { DeleteRolePolicyCommand, type IAMClient, ListRolePoliciesCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { gateName, gatePolicy, parseGateName } from '../shared/support-gate';
import type { SupportGrant } from '../shared/support-grants';

/** Opens and closes the IAM side of support grants (see lambda/shared/support-gate.ts). */
export interface SupportGates {
  /** Writes the grant's gate; rewriting the same grant is harmless. */
  open(grant: SupportGrant): Promise<void>;
  /** Deletes every gate of the tenant: those of `known` grants by name, and any other the role lists. Returns how many it deleted. */
  close(tenantId: string, known: readonly SupportGrant[]): Promise<number>;
  /** Deletes gates whose grant has expired (they allow nothing, but count against IAM's size limit). */
  prune(now: Date): Promise<number>;
}

/** Raised when the support role has no room for another gate: the grant is refused, nothing changed. */
export class GateCapacityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GateCapacityError';
  }
}

const nameOf = (err: unknown) => (err as { name?: string }).name;
const gone = (err: unknown) => nameOf(err) === 'NoSuchEntityException' || nameOf(err) === 'NoSuchEntity';

/** Gates as inline policies of the support role named `roleName`. */
export function iamSupportGates(iam: IAMClient, roleName: string): SupportGates {
  const list = async (): Promise<string[]> => {
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName, Marker: marker }));
      names.push(...(page.PolicyNames ?? []));
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    return names;
  };
  const remove = async (name: string): Promise<boolean> => {
    try {
      await iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: name }));
      return true;
    } catch (err) {
      // Deleted by a concurrent revoke: the goal, no gate, is met.
      if (gone(err)) return false;
      throw err;
    }
  };
  return {
    async open(grant) {
      try {
        await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: gateName(grant), PolicyDocument: gatePolicy(grant) }));
      } catch (err) {
        if (nameOf(err) !== 'LimitExceededException') throw err;
        throw new GateCapacityError(
          'the support role holds as many grants as IAM allows (10,240 characters of inline policy); try again when one ends',
        );
      }
    },
    async close(tenantId, known) {
      // Names from the grants table first: a gate written a moment ago may not be listed yet.
      const names = new Set(known.map((g) => gateName(g)));
      for (const name of await list()) if (parseGateName(name)?.tenantId === tenantId) names.add(name);
      let deleted = 0;
      for (const name of names) if (await remove(name)) deleted += 1;
      return deleted;
    },
    async prune(now) {
      let deleted = 0;
      for (const name of await list()) {
        const gate = parseGateName(name);
        if (gate && gate.expiresAt * 1000 <= now.getTime() && (await remove(name))) deleted += 1;
      }
      return deleted;
    },
  };
}
