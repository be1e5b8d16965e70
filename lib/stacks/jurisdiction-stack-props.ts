import type { Stack, StackProps } from 'aws-cdk-lib';
import type { ResolvedJurisdiction } from '../config/resolved';
import { HandlerNetwork, type HandlerNetworkProps } from '../constructs/handler-network';

/** What every per-jurisdiction stack is built from. */
export interface JurisdictionStackProps extends Omit<StackProps, 'env'> {
  /** Prefix of every physical name. */
  readonly appName: string;
  /** The jurisdiction the stack serves; its region is taken from here, never from the caller. */
  readonly jurisdiction: ResolvedJurisdiction;
}

/** What a stack holding Lambda handlers is built from. */
export interface HandlerStackProps extends JurisdictionStackProps {
  /**
   * Where the stack's handlers run: the network stack's isolated subnets, reaching AWS through its endpoints.
   * @default outside any VPC; P-TENANT-ISOLATION-FunctionInVpc flags every handler
   */
  readonly handlerNetwork?: HandlerNetworkProps;
}

/** Declares the stack's handler network, if given; call before the stack's first handler. */
export function declareHandlerNetwork(stack: Stack, props: HandlerStackProps): void {
  if (props.handlerNetwork) HandlerNetwork.declare(stack, props.handlerNetwork);
}
