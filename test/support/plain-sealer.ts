import type { StateSealer } from '../../lambda/tenant-termination/sealed-state';

/**
 * Seals as JSON bound to its encryption context, refusing another context as KMS would: enough to
 * carry shards and checkpoints between termination steps in tests and the bench, where what is
 * measured is the purge (the KMS sealer has tests of its own).
 */
export const plainSealer: StateSealer = {
  seal: async (plaintext, context) => JSON.stringify({ context, plaintext }),
  open: async (sealed, context) => {
    const v = JSON.parse(sealed) as { context: unknown; plaintext: string };
    if (JSON.stringify(v.context) !== JSON.stringify(context)) {
      throw Object.assign(new Error('sealed under another context'), { name: 'InvalidCiphertextException' });
    }
    return v.plaintext;
  },
};
