import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { InputError } from '../../../lambda/shared/input-error';
import { TENANT_SESSION_TAG, tenantCredentials } from '../../../lambda/shared/tenant-session';
import { TENANT_SESSION_TAG as CONSTRUCT_TAG } from '../../../lib/constructs/tenant-session-role';

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
      Tags: [{ Key: 'steward:tenant', Value: 'acme' }],
    });
    expect(TENANT_SESSION_TAG).toBe(CONSTRUCT_TAG);
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
