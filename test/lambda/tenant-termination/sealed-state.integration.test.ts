import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { kmsEnvelopeSealer } from '../../../lambda/shared/kms-sealer';
import { checkpointContext, openValue, sealValue } from '../../../lambda/tenant-termination/sealed-state';
import { useMoto } from '../../support/moto';

/**
 * Purge shards and checkpoints cross the execution history sealed (issue 10, point 12): the
 * history holds ciphertext, and a sealed value opens only for the tenant and bucket copy it was
 * sealed for, so a hand-edited state cannot point a purge at another tenant or bucket.
 */
const moto = useMoto();
let sealer: ReturnType<typeof kmsEnvelopeSealer>;
const logs = { bucket: 'device-logs-primary', region: 'eu-central-1', dataClass: 'device-logs' };
const range = {
  prefix: 'tenants/acme/', after: 'tenants/acme/site 1+2%', through: 'tenants/acme/\u{1F525} h\u00f6t',
  cursor: { keyMarker: 'tenants/acme/r\u00e9seau.json', versionIdMarker: 'v1' },
};

beforeAll(async () => {
  const kms = new KMSClient(moto.clientConfig('eu-central-1'));
  sealer = kmsEnvelopeSealer(kms, (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!);
});
describe('sealed purge state', () => {
  test('holds no trace of the keys it seals and opens to the same value for the same tenant and bucket', async () => {
    const sealed = await sealValue(sealer, checkpointContext('acme', logs), range);
    expect(JSON.stringify(sealed)).not.toMatch(/tenants|acme|site|r\u00e9seau|\u{1F525}|v1"/u);
    await expect(openValue(sealer, checkpointContext('acme', logs), sealed, 'checkpoint')).resolves.toEqual(range);
    // Two seals of one value differ (fresh data key and nonce): equal checkpoints are not linkable.
    expect((await sealValue(sealer, checkpointContext('acme', logs), range)).sealed).not.toBe(sealed.sealed);
  });

  test.each([
    ['another tenant', checkpointContext('acme-2', logs)],
    ['another bucket', checkpointContext('acme', { ...logs, bucket: 'config-backups-primary' })],
    ['another region', checkpointContext('acme', { ...logs, region: 'eu-west-1' })],
  ])('does not open for %s, refused with an error naming the field', async (_what, context) => {
    const sealed = await sealValue(sealer, checkpointContext('acme', logs), range);
    await expect(openValue(sealer, context, sealed, 'checkpoint')).rejects.toThrow(/^checkpoint: does not open for tenant/);
  });

  test('refuses an altered or unsealed value', async () => {
    const { sealed } = await sealValue(sealer, checkpointContext('acme', logs), range);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[4], 'base64');
    body[0] ^= 1;
    const altered = [...parts.slice(0, 4), body.toString('base64')].join('.');
    await expect(openValue(sealer, checkpointContext('acme', logs), { sealed: altered }, 'shard')).rejects.toThrow(/^shard: does not open .*altered/);
    await expect(openValue(sealer, checkpointContext('acme', logs), range, 'shard')).rejects.toThrow(/^shard: must be a sealed checkpoint/);
  });
});
