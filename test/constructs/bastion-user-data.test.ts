import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bastionUserData, OPERATOR_GROUP, RECONCILE_SCRIPT } from '../../lib/constructs/bastion-user-data';
import { ALICE, BOB } from '../support/operators';

/** The reconciliation script as written by the boot script. */
function reconcileScript(userData: string): string {
  const match = /<<'RECONCILE'\n([\s\S]*?)\nRECONCILE\n/.exec(userData);
  if (!match) throw new Error('no reconciliation script in the user data');
  return match[1];
}

function bashSyntaxCheck(script: string): void {
  const file = join(mkdtempSync(join(tmpdir(), 'bastion-')), 'script.sh');
  writeFileSync(file, script);
  execFileSync('bash', ['-n', file]);
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
    expect(script).toContain('> "/home/$name/.ssh/authorized_keys"');
    expect(script).toContain('passwd --lock "$name"');
  });

  test('deletes members of the operator group that are no longer configured', () => {
    const script = reconcileScript(bastionUserData([ALICE]));
    expect(script).not.toContain("['bob']");
    expect(script).toMatch(/getent group "\$GROUP"[\s\S]*userdel --remove "\$member"/);
  });

  test('runs the reconciliation now and at every boot', () => {
    expect(userData).toContain(`ln -sf ${RECONCILE_SCRIPT} /var/lib/cloud/scripts/per-boot/`);
    expect(userData).toContain(`\n${RECONCILE_SCRIPT}\n`);
  });

  test('applies security updates at first boot', () => {
    expect(userData).toContain('dnf upgrade --assumeyes --security');
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
