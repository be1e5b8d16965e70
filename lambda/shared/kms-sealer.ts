import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptCommand, EncryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';

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

/**
 * Seals a value of any size in a workflow's state by envelope encryption: a fresh data key from
 * KMS (under `keyArn` and the encryption context) encrypts it with AES-256-GCM, the context bound
 * in as authenticated data; the sealed form holds the wrapped data key, nonce, tag and ciphertext.
 * Only a caller allowed to decrypt the data key with that key and the same context can open it,
 * and a sealed value moved to another context does not open.
 */
export function kmsEnvelopeSealer(kms: KMSClient, keyArn: string) {
  const aad = (context: Record<string, string>) =>
    Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : 1))));
  return {
    async seal(plaintext: string, context: Record<string, string>): Promise<string> {
      const key = await kms.send(new GenerateDataKeyCommand({ KeyId: keyArn, KeySpec: 'AES_256', EncryptionContext: context }));
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', Buffer.from(key.Plaintext ?? []), nonce).setAAD(aad(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [Buffer.from(key.CiphertextBlob ?? []), nonce, cipher.getAuthTag(), body].map((p) => p.toString('base64'));
      return ['v1', ...parts].join('.');
    },
    async open(sealed: string, context: Record<string, string>): Promise<string> {
      const [version, wrapped, nonce, tag, body] = sealed.split('.');
      if (version !== 'v1' || body === undefined) throw new SealError('not a sealed value of this workflow');
      const key = await kms.send(
        new DecryptCommand({ KeyId: keyArn, CiphertextBlob: Buffer.from(wrapped, 'base64'), EncryptionContext: context }),
      );
      const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key.Plaintext ?? []), Buffer.from(nonce, 'base64'))
        .setAAD(aad(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        throw new SealError('the sealed value was altered');
      }
    },
  };
}

/** A sealed value that is malformed, altered or sealed under another context. */
export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}
