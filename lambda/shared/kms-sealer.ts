import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';

/**
 * Seals a small secret (at most 4 KiB) with a KMS key and an encryption context, so it can sit
 * in a workflow's state and execution history as ciphertext; only a caller allowed to decrypt
 * with that key and the same context can open it.
 */
export function kmsSealer(kms: KMSClient, keyArn: string) {
  return {
    async seal(plaintext: string, context: Record<string, string>): Promise<string> {
      const out = await kms.send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from(plaintext), EncryptionContext: context }));
      return Buffer.from(out.CiphertextBlob ?? []).toString('base64');
    },
    async open(ciphertext: string, context: Record<string, string>): Promise<string> {
      const out = await kms.send(
        new DecryptCommand({ KeyId: keyArn, CiphertextBlob: Buffer.from(ciphertext, 'base64'), EncryptionContext: context }),
      );
      return Buffer.from(out.Plaintext ?? []).toString('utf8');
    },
  };
}
