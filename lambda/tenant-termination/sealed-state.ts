import { InputError } from '../shared/input-error';
import type { BucketTarget } from './contract';

/**
 * Seals what one purge step hands the next through the execution history. Shard bounds and
 * listing checkpoints are object keys (a device, a site, a person's name can be in one), and Step
 * Functions keeps every state in the history for 90 days; sealed, the history holds ciphertext
 * only. `lambda/shared/kms-sealer.ts` implements it with KMS.
 */
export interface StateSealer {
  seal(plaintext: string, context: Record<string, string>): Promise<string>;
  open(sealed: string, context: Record<string, string>): Promise<string>;
}

/** The encryption context's `purpose`, which the roles' KMS grants are conditioned on. */
export const CHECKPOINT_PURPOSE = 'termination-checkpoint';

/** A value sealed for the execution history: ciphertext, never the value. */
export interface Sealed {
  readonly sealed: string;
}

/**
 * Bound to the tenant and the bucket copy: a checkpoint of one tenant's purge never opens in
 * another's, nor in another bucket, so a state edited by hand cannot steer a purge elsewhere.
 */
export function checkpointContext(tenantId: string, target: BucketTarget): Record<string, string> {
  return { purpose: CHECKPOINT_PURPOSE, tenantId, bucket: target.bucket, region: target.region };
}

export async function sealValue(sealer: StateSealer, context: Record<string, string>, value: unknown): Promise<Sealed> {
  return { sealed: await sealer.seal(JSON.stringify(value), context) };
}

/**
 * Opens a sealed value, refusing (InputError naming `field`) one that is not sealed, was altered
 * or was sealed for another tenant or bucket; KMS errors other than a refusal propagate, so the
 * state machine retries them.
 */
export async function openValue<T>(sealer: StateSealer, context: Record<string, string>, value: unknown, field: string): Promise<T> {
  const sealed = (value as Partial<Sealed> | null | undefined)?.sealed;
  if (typeof sealed !== 'string') {
    throw new InputError(field, 'must be a sealed checkpoint ({"sealed": "…"}) from this workflow; nothing deleted');
  }
  try {
    return JSON.parse(await sealer.open(sealed, context)) as T;
  } catch (err) {
    if (['SealError', 'InvalidCiphertextException', 'IncorrectKeyException'].includes((err as Error).name)) {
      const why = (err as Error).message;
      throw new InputError(field, `does not open for tenant '${context.tenantId}' in bucket ${context.bucket} (${why}); nothing deleted`);
    }
    throw err;
  }
}
