import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import type { JurisdictionConfig, OperatorConfig } from '../../lib/config/types';

/** Public halves of throw-away keys generated for the tests; no private half was kept. */
export const SSH_KEYS = {
  ed25519Alice: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIECXJHeMjRtLBlniVav4zhFddJIJBPSlEVIMpUbwkUaB alice@example',
  ed25519Bob: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHMfkgGbjHHBkvS1Jyn5RO6awDD1Y+U4t2mhR5n4XW9B bob',
  rsa2048:
    'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDc2Z7r7lswJXi+W4Q2HXVJBhAW9YNx12UpiHNqzxKPbVRmS0FjD1crMKxXnYWb4I94bjGa3r' +
    '1WwCOHQFVN20yUiwPsjLoVXOlv4ZpMlVWNhIMHCbdn+/IiIef+l1MQx8KkgQkvz2Hl+dBvVCQw50h/qGmWx4eocfuNTha0iitr6/4QUhLm7EsN' +
    'cZxbBLYiTPmehShKoZ1oaJdMietg2Hb4U4++hqAYRm7Z1n7q5GRv/Wm+uQcKBZGHZFAvuj3F+JGsPgU4S4W3L9wyyjSkCH0WEpYJ2PEKAIBSo4' +
    'o3+YgmuGmDgHTdhNo0x9IJpCNez7qfIiilf1hfpvvM8zDR7zar weak',
  rsa3072:
    'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQC/+AyjVekiMKzKIOefrxGUnnd2ES78hFKgHlKXxfm4VM2W2rZgLMqmErVHAbKKijTUfYcUoK' +
    'aoflStISU4AgwFQeFPnoxVZrfNlsA4ex2pSBzdi7pBo9EI8H6/taQmnzkLzu5ds4nZNs6YoNvqOL7N8jUvWIMLFz7T2ALBdkDSvx9y9S9UuLqn' +
    'vgbAlyrfZYzd6Fg/PPd9O9x84BSJq5f9n5i2SIJsFZQrQM6VDEJoSOX8/zIpPCmQCSQMOFpc7TJbuFRq11XxEed+wLXjxb/W4IWO+VZ4Vt207M' +
    'IO0W2p88f6U6VMHC1pcCtOp7yKya2vfsAvLjHEh8tplfkdbQRWik4igceceEP4ljfyKA8Uvw3HUcFAVbBcbXpU1gzqiNswwKbEwCTqy5rxEgnb' +
    'rjDCxpm5yU7D4rWvMs4M0NhQSDZBDfc4p0uJBVR+PEyvmWRP9XW2UWqJ2XljkoLBNVklIVCiJP0z0CMKNY+X1G83uPmTP5jrtVQczK85AGGOAZ' +
    'E= rsa3072',
  ecdsa256:
    'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBOdQhL8AHyX+5XnO6N9T7mDlmyQFDHVMVYx/a1' +
    'WhVUBSw43tMb/VWgbcIP+twNc7+l1FSlDpZ40Nx8uwaZ/xBWM= ec',
} as const;

export const ALICE: OperatorConfig = { name: 'alice', sshPublicKey: SSH_KEYS.ed25519Alice };
export const BOB: OperatorConfig = { name: 'bob', sshPublicKey: SSH_KEYS.ed25519Bob };

/** The default EU jurisdiction with two operators, optionally changed. */
export function euWithOperators(change: Partial<JurisdictionConfig> = {}): JurisdictionConfig {
  const eu = DEFAULT_CONFIG.jurisdictions[0];
  return { ...eu, access: { ...eu.access!, operators: [ALICE, BOB] }, ...change };
}
