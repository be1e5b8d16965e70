import {
  AdminCreateUserCommand,
  type AdminCreateUserCommandInput,
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { admitPortalUser, type PortalUserGuardDeps } from '../../lambda/portal-user-guard/guard';

/**
 * moto runs no Cognito Lambda triggers. These call the portal user guard with the event Cognito
 * would send, before the operation, and refuse the operation as Cognito does
 * (`UserLambdaValidationException`, nothing created or issued) when the guard throws.
 */
async function asCognito(run: () => Promise<void>, trigger: string): Promise<void> {
  try {
    await run();
  } catch (err) {
    throw Object.assign(new Error(`${trigger} failed with error ${(err as Error).message}.`), { name: 'UserLambdaValidationException' });
  }
}

/** AdminCreateUser as the portal pool runs it: the pre-sign-up trigger first. */
export async function adminCreateUser(
  cognito: CognitoIdentityProviderClient, guard: PortalUserGuardDeps, input: AdminCreateUserCommandInput,
): Promise<void> {
  const userAttributes = Object.fromEntries((input.UserAttributes ?? []).map((a) => [a.Name!, a.Value]));
  const event = { triggerSource: 'PreSignUp_AdminCreateUser', userPoolId: input.UserPoolId, request: { userAttributes } };
  await asCognito(() => admitPortalUser(guard, event), 'PreSignUp');
  await cognito.send(new AdminCreateUserCommand(input));
}

/** A sign-in reaching token issue: the pre-token-generation trigger sees the user's stored attributes. */
export async function issueTokens(
  cognito: CognitoIdentityProviderClient, guard: PortalUserGuardDeps, userPoolId: string, username: string,
): Promise<void> {
  const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
  const userAttributes = Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name!, a.Value]));
  const event = { triggerSource: 'TokenGeneration_Authentication', userPoolId, request: { userAttributes } };
  await asCognito(() => admitPortalUser(guard, event), 'PreTokenGeneration');
}
