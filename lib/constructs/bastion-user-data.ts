import type { OperatorConfig } from '../config/types';

/** Linux group whose members are the configured operators; only its members may log in over SSH. */
export const OPERATOR_GROUP = 'steward-operators';

/** Where the reconciliation script lives; cloud-init runs everything in `per-boot` at each boot. */
export const RECONCILE_SCRIPT = '/usr/local/sbin/steward-reconcile-operators';

/**
 * sshd settings for the bastion (P-HARDENED-HOSTS, P-OPERATOR-ACCESS): keys only, no root, no
 * passwords, only operators. The file sorts first in sshd_config.d, and sshd keeps the first
 * value it reads, so these win over the distribution's defaults.
 */
const SSHD_HARDENING = [
  'PermitRootLogin no',
  'PasswordAuthentication no',
  'KbdInteractiveAuthentication no',
  'PermitEmptyPasswords no',
  'PubkeyAuthentication yes',
  'AuthenticationMethods publickey',
  `AllowGroups ${OPERATOR_GROUP}`,
  'X11Forwarding no',
  'MaxAuthTries 3',
  'LoginGraceTime 30',
];

/**
 * The bastion's boot script. It hardens sshd, then installs a reconciliation script that makes
 * the members of {@link OPERATOR_GROUP} exactly the configured operators: it creates missing
 * accounts with a locked password and the operator's one key, rewrites every key, and deletes
 * (with their home) members that are no longer configured. The script runs now and at every
 * boot. Operator names and keys were validated (`[a-z][a-z0-9_-]*` and base64 key lines), so
 * they cannot break out of the single quotes they are written in.
 */
export function bastionUserData(operators: readonly OperatorConfig[]): string {
  const keys = operators.map((op) => `  ['${op.name}']='${op.sshPublicKey.trim()}'`);
  const reconcile = [
    '#!/bin/bash',
    'set -euo pipefail',
    `GROUP=${OPERATOR_GROUP}`,
    'declare -A KEYS=(',
    ...keys,
    ')',
    'groupadd -f "$GROUP"',
    'for name in "${!KEYS[@]}"; do',
    '  id -u "$name" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$name"',
    '  usermod --append --groups "$GROUP" "$name"',
    '  passwd --lock "$name" >/dev/null',
    '  home=$(getent passwd "$name" | cut -d: -f6)',
    '  install -d -m 700 -o "$name" -g "$name" "$home/.ssh"',
    '  printf \'%s\\n\' "${KEYS[$name]}" > "$home/.ssh/authorized_keys"',
    '  chown "$name:$name" "$home/.ssh/authorized_keys"',
    '  chmod 600 "$home/.ssh/authorized_keys"',
    'done',
    '# Members no longer configured lose their sessions, account and home.',
    'for member in $(getent group "$GROUP" | cut -d: -f4 | tr \',\' \' \'); do',
    '  if [[ -z "${KEYS[$member]+present}" ]]; then',
    '    pkill --signal KILL --uid "$member" || true',
    '    userdel --remove "$member"',
    '  fi',
    'done',
  ];
  return [
    '#!/bin/bash',
    'set -euo pipefail',
    "cat > /etc/ssh/sshd_config.d/00-steward-hardening.conf <<'SSHD'",
    ...SSHD_HARDENING,
    'SSHD',
    `cat > ${RECONCILE_SCRIPT} <<'RECONCILE'`,
    ...reconcile,
    'RECONCILE',
    `chmod 700 ${RECONCILE_SCRIPT}`,
    `ln -sf ${RECONCILE_SCRIPT} /var/lib/cloud/scripts/per-boot/steward-reconcile-operators`,
    RECONCILE_SCRIPT,
    'sshd -t',
    'systemctl restart sshd',
    '# Start on current security patches; the maintenance window keeps them current.',
    'dnf upgrade --assumeyes --security',
    '',
  ].join('\n');
}
