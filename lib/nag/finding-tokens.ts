import { Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The stack's account as cdk-nag writes it in a finding (`Resource::arn:...:<account>:key/*`):
 * the token `<AWS::AccountId>` for an environment-agnostic stack, the 12 digits when the
 * configuration sets `account`. Suppression patterns use this, so they match either way.
 */
export function accountInFindings(scope: IConstruct): string {
  const account = Stack.of(scope).account;
  return Token.isUnresolved(account) ? '<AWS::AccountId>' : account;
}
