import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import type { AccessConfig, JurisdictionConfig, StewardConfig } from '../../lib/config/types';
import { validateConfig } from '../../lib/config/validate';
import { problemsOf } from '../support/config-problems';

const [EU, US] = DEFAULT_CONFIG.jurisdictions;

function withEu(change: Record<string, unknown>): StewardConfig {
  return { ...DEFAULT_CONFIG, jurisdictions: [{ ...EU, ...change } as JurisdictionConfig, US] };
}

/** The misspellings of issue 14: each silently weakened a promise before, each is refused now. */
describe('unknown fields are refused with the nearest valid name', () => {
  test('retentionDay (for retentionDays) in a jurisdiction', () => {
    expect(problemsOf(withEu({ retentionDay: { 'access-logs': 14 } }))).toEqual([
      expect.stringMatching(/^jurisdictions\[0\]\.retentionDay: unknown field 'retentionDay'; did you mean 'retentionDays'\?/),
    ]);
  });

  test('supportAcess (for supportAccess) at the root', () => {
    expect(problemsOf({ ...DEFAULT_CONFIG, supportAcess: { maxGrantHours: 8 } })).toEqual([
      expect.stringMatching(/^supportAcess: unknown field 'supportAcess'; did you mean 'supportAccess'\?/),
    ]);
  });

  test('availabilityZone (for availabilityZones) in a jurisdiction', () => {
    expect(problemsOf(withEu({ availabilityZone: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'] }))).toEqual([
      expect.stringMatching(/^jurisdictions\[0\]\.availabilityZone: unknown field 'availabilityZone'; did you mean 'availabilityZones'\?/),
    ]);
  });

  test('terminaton (for termination) at the root', () => {
    expect(problemsOf({ ...DEFAULT_CONFIG, terminaton: { keyDeletionWindowDays: 30 } })).toEqual([
      expect.stringMatching(/^terminaton: unknown field 'terminaton'; did you mean 'termination'\?/),
    ]);
  });

  test('at every level: network, access, vpn, frontEnd, operators and the numeric sections', () => {
    const access = EU.access as AccessConfig;
    const problems = problemsOf(
      withEu({
        network: { vpcCidr: '10.10.0.0/16', vpcCdir: '10.11.0.0/16' },
        access: {
          ...access,
          portalMFA: 'required',
          vpn: { ...access.vpn, clientCidrs: '172.16.0.0/22' },
          frontEnd: { ...access.frontEnd, deviceSshPorts: 22 },
          operators: [
            {
              name: 'alice',
              sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIECXJHeMjRtLBlniVav4zhFddJIJBPSlEVIMpUbwkUaB',
              sshKey: 'x',
            },
          ],
        },
      }),
    );
    expect(problems.map((p) => p.replace(/ \(valid: .*\)$/, ''))).toEqual([
      "jurisdictions[0].network.vpcCdir: unknown field 'vpcCdir'; did you mean 'vpcCidr'?",
      "jurisdictions[0].access.portalMFA: unknown field 'portalMFA'; did you mean 'portalMfa'?",
      "jurisdictions[0].access.operators[0].sshKey: unknown field 'sshKey'; did you mean 'sshPublicKey'?",
      "jurisdictions[0].access.vpn.clientCidrs: unknown field 'clientCidrs'; did you mean 'clientCidr'?",
      "jurisdictions[0].access.frontEnd.deviceSshPorts: unknown field 'deviceSshPorts'; did you mean 'deviceSshPort'?",
    ]);
    expect(problemsOf({ ...DEFAULT_CONFIG, exports: { downloadUrlMinute: 5 } })).toEqual([
      "exports.downloadUrlMinute: unknown field 'downloadUrlMinute'; did you mean 'downloadUrlMinutes'? (valid: downloadUrlMinutes)",
    ]);
  });

  test('the message lists every valid name of the level', () => {
    expect(problemsOf({ ...DEFAULT_CONFIG, tenants: [] })).toEqual([
      "tenants: unknown field 'tenants'; did you mean 'exports'? (valid: $schema, appName, jurisdictions, termination, supportAccess, " +
        'exports)',
    ]);
  });

  test('$schema is accepted at the root so editors can check a file against the generated schema', () => {
    expect(() => validateConfig({ $schema: './steward-config.schema.json', ...DEFAULT_CONFIG })).not.toThrow();
  });
});

describe('types are checked before ranges', () => {
  test('a retention given as the string "14" is a type error', () => {
    expect(problemsOf(withEu({ retentionDays: { 'access-logs': '14' } }))).toEqual([
      'jurisdictions[0].retentionDays.access-logs: must be a number (days), got the string "14"',
    ]);
  });

  test('a grant length given as a string is a type error', () => {
    expect(problemsOf({ ...DEFAULT_CONFIG, supportAccess: { maxGrantHours: '8' } })).toEqual([
      'supportAccess.maxGrantHours: must be a number (hours), got the string "8"',
    ]);
  });

  test('appName is required, and the message says so', () => {
    const { appName: _, ...withoutName } = DEFAULT_CONFIG;
    expect(problemsOf(withoutName)).toEqual([
      expect.stringMatching(/^appName: is required: a string/),
    ]);
  });
});
