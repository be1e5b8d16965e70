import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bastionUserData, OPERATOR_GROUP, RECONCILE_SCRIPT } from '../../lib/constructs/bastion-user-data';
import { ALICE, BOB } from '../support/operators';
import { testTempDir } from '../support/temp';

/** The reconciliation script as written by the boot script. */
function reconcileScript(userData: string): string {
  const match = /<<'RECONCILE'\n([\s\S]*?)\nRECONCILE\n/.exec(userData);
  if (!match) throw new Error('no reconciliation script in the user data');
  return match[1];
}

function bashSyntaxCheck(script: string): void {
  const file = join(testTempDir('bastion-'), 'script.sh');
  writeFileSync(file, script);
  execFileSync('bash', ['-n', file]);
}

/**
 * Runs the reconciliation script against stand-ins for the account tools: `id` knows the
 * `existing` accounts, `getent` reports `members` in the operator group and homes under a
 * temporary directory, and every tool call is logged. Returns the log and the homes directory.
 */
function runReconcile(script: string, existing: string[], members: string[]): { calls: string[]; homes: string } {
  const dir = testTempDir('reconcile-');
  const bin = join(dir, 'bin');
  const homes = join(dir, 'home');
  const log = join(dir, 'calls.log');
  mkdirSync(bin);
  mkdirSync(homes);
  const tool = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/bash\necho "${name} $*" >> '${log}'\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  tool('id', `case "$2" in ${existing.map((u) => `${u}) exit 0;;`).join(' ')} *) exit 1;; esac`);
  tool(
    'getent',
    `if [ "$1" = group ]; then echo "${OPERATOR_GROUP}:x:1001:${members.join(',')}"; else echo "$2:x:1000:1000::${homes}/$2:/bin/bash"; fi`,
  );
  tool('install', 'mkdir -p "${@: -1}"');
  for (const name of ['groupadd', 'useradd', 'usermod', 'passwd', 'chown', 'chmod', 'pkill', 'userdel']) tool(name, 'exit 0');
  const file = join(dir, 'reconcile.sh');
  writeFileSync(file, script);
  execFileSync('bash', [file], { env: { PATH: `${bin}:/usr/bin:/bin` } });
  return { calls: readFileSync(log, 'utf8').trim().split('\n'), homes };
}

describe('bastionUserData (P-OPERATOR-ACCESS, P-HARDENED-HOSTS)', () => {
  const userData = bastionUserData([ALICE, BOB]);

  test('hardens sshd: no root, no passwords, keys only, operators only', () => {
    for (const line of [
      'PermitRootLogin no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'AuthenticationMethods publickey',
      `AllowGroups ${OPERATOR_GROUP}`,
    ]) {
      expect(userData).toContain(`\n${line}\n`);
    }
    expect(userData.indexOf('sshd -t')).toBeLessThan(userData.indexOf('systemctl restart sshd'));
  });

  test('gives each operator exactly their own key', () => {
    const script = reconcileScript(userData);
    expect(script).toContain(`  ['alice']='${ALICE.sshPublicKey}'`);
    expect(script).toContain(`  ['bob']='${BOB.sshPublicKey}'`);
    expect(script).toContain('> "$home/.ssh/authorized_keys"');
  });

  test('runs the reconciliation now and at every boot', () => {
    expect(userData).toContain(`ln -sf ${RECONCILE_SCRIPT} /var/lib/cloud/scripts/per-boot/`);
    expect(userData).toContain(`\n${RECONCILE_SCRIPT}\n`);
  });

  test('applies security updates at first boot', () => {
    expect(userData).toContain('dnf upgrade --assumeyes --security');
  });

  test('reconciliation creates missing operators, keeps existing ones and deletes removed ones', () => {
    const { calls, homes } = runReconcile(reconcileScript(bastionUserData([ALICE, BOB])), ['alice', 'mallory'], ['alice', 'mallory']);
    expect(calls).toContain('useradd --create-home --shell /bin/bash bob');
    expect(calls).not.toContain('useradd --create-home --shell /bin/bash alice');
    expect(calls).toEqual(expect.arrayContaining(['passwd --lock alice', 'passwd --lock bob']));
    expect(calls).toEqual(expect.arrayContaining(['pkill --signal KILL --uid mallory', 'userdel --remove mallory']));
    expect(calls.filter((c) => c.startsWith('userdel'))).toEqual(['userdel --remove mallory']);
    expect(readFileSync(join(homes, 'alice', '.ssh', 'authorized_keys'), 'utf8')).toBe(`${ALICE.sshPublicKey}\n`);
    expect(readFileSync(join(homes, 'bob', '.ssh', 'authorized_keys'), 'utf8')).toBe(`${BOB.sshPublicKey}\n`);
  });

  test('with no operators configured, every member of the operator group is deleted', () => {
    const { calls } = runReconcile(reconcileScript(bastionUserData([])), ['alice'], ['alice']);
    expect(calls.filter((c) => c.startsWith('userdel') || c.startsWith('useradd'))).toEqual(['userdel --remove alice']);
  });

  test.each([
    ['two operators', [ALICE, BOB]],
    ['no operators', []],
  ])('boot and reconciliation scripts are valid bash with %s', (_name, operators) => {
    const data = bastionUserData(operators);
    bashSyntaxCheck(data);
    bashSyntaxCheck(reconcileScript(data));
  });
});
