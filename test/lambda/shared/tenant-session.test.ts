import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { InputError } from '../../../lambda/shared/input-error';
import { tenantLinkPresigner } from '../../../lambda/shared/presign';
import { requestTenant, tenantCredentials, tenantScoped } from '../../../lambda/shared/tenant-session';
import { TAG } from '../../../lib/vocabulary';

/** A fake STS that records its requests and returns credentials valid for 15 minutes from `now`. */
function fakeSts(now: () => Date) {
  const requests: AssumeRoleCommand['input'][] = [];
  const sts = {
    send: async (cmd: AssumeRoleCommand) => {
      requests.push(cmd.input);
      const n = requests.length;
      return {
        Credentials: {
          AccessKeyId: `AKIA${n}`,
          SecretAccessKey: 's',
          SessionToken: `t${n}`,
          Expiration: new Date(now().getTime() + 15 * 60_000),
        },
      };
    },
  } as unknown as STSClient;
  return { sts, requests };
}

describe('tenant sessions', () => {
  test('tag the session with the tenant, under the tag the role\'s policies resolve', async () => {
    let t = new Date('2026-12-01T10:00:00Z');
    const { sts, requests } = fakeSts(() => t);
    const creds = tenantCredentials(
      { sts, roleArn: 'arn:aws:iam::123456789012:role/steward-eu-x', purpose: 'shred-key', now: () => t },
      'acme',
    );
    expect((await creds()).accessKeyId).toBe('AKIA1');
    expect(requests[0]).toEqual({
      RoleArn: 'arn:aws:iam::123456789012:role/steward-eu-x', RoleSessionName: 'shred-key-acme', DurationSeconds: 900,
      Tags: [{ Key: TAG.tenant, Value: 'acme' }],
    });
    // reused while valid, renewed a minute before expiry
    t = new Date('2026-12-01T10:13:00Z');
    expect((await creds()).accessKeyId).toBe('AKIA1');
    t = new Date('2026-12-01T10:14:30Z');
    expect((await creds()).accessKeyId).toBe('AKIA2');
    expect(requests).toHaveLength(2);
  });

  test('refuse a missing or malformed tenant id before asking STS, naming the field', () => {
    const { sts, requests } = fakeSts(() => new Date());
    for (const bad of [undefined, '', 'Acme', '../x']) {
      expect(() => tenantCredentials({ sts, roleArn: 'arn', purpose: 'p' }, bad)).toThrow(InputError);
    }
    expect(requests).toHaveLength(0);
  });
});

describe('clients per tenant', () => {
  const options = (sts: STSClient) => ({ sts, roleArn: 'arn:aws:iam::123456789012:role/steward-eu-x', purpose: 'export', tenantsKept: 2 });

  test('are built once per tenant, kept for the last tenants only, and each asks STS for a session of its own tenant', async () => {
    const { sts, requests } = fakeSts(() => new Date());
    const built: string[] = [];
    const clientsOf = tenantScoped(options(sts), (credentials) => {
      built.push('x');
      return { credentials };
    });
    const acme = clientsOf('acme');
    expect(clientsOf('acme')).toBe(acme);
    await acme.credentials();
    await clientsOf('globex').credentials();
    expect(requests.map((r) => r.Tags)).toEqual([[{ Key: TAG.tenant, Value: 'acme' }], [{ Key: TAG.tenant, Value: 'globex' }]]);
    clientsOf('initech');
    // acme was the least recently used of three with room for two
    expect(clientsOf('acme')).not.toBe(acme);
    expect(built).toHaveLength(4);
  });

  test('refuse a malformed tenant id before building anything', () => {
    const { sts, requests } = fakeSts(() => new Date());
    const clientsOf = tenantScoped(options(sts), () => ({}));
    expect(() => clientsOf('../globex')).toThrow(InputError);
    expect(requests).toHaveLength(0);
  });

  test('the tenant of a workflow invocation is read where the caller or the workflow puts it', () => {
    expect(requestTenant({ action: 'start', tenantId: 'acme' })).toBe('acme');
    expect(requestTenant({ step: 'begin', input: { tenantId: 'acme' } })).toBe('acme');
    expect(requestTenant({ step: 'continue', state: { tenantId: 'acme' } })).toBe('acme');
    expect(requestTenant({ step: 'continue' })).toBeUndefined();
  });
});

describe('download links', () => {
  test('are signed in a session of the tenant lasting as long as the link, at most the hour a chained session allows', async () => {
    const { sts, requests } = fakeSts(() => new Date());
    const session = { sts, roleArn: 'arn:aws:iam::123456789012:role/steward-eu-x', purpose: 'export' };
    const presign = tenantLinkPresigner(session, 'acme', 'eu-central-1');
    for (const seconds of [60, 1800, 3600]) {
      const url = new URL(await presign('steward-eu-exports', 'tenants/acme/a.jsonl', seconds));
      expect(url.searchParams.get('X-Amz-Expires')).toBe(String(seconds));
    }
    expect(requests.map((r) => [r.DurationSeconds, r.Tags?.[0].Value])).toEqual([[900, 'acme'], [1800, 'acme'], [3600, 'acme']]);
  });
});
