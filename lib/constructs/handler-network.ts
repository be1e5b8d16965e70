import { Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, type IConstruct } from 'constructs';

/** Where a stack's handlers run: subnets without an internet route, reaching AWS only through the VPC endpoints. */
export interface HandlerNetworkProps {
  /** The primary region's VPC. */
  readonly vpc: ec2.IVpc;
  /** Subnets of the VPC without an internet route (the `services` group). */
  readonly subnets: ec2.SubnetSelection;
  /** Security group of the handlers: HTTPS to the interface endpoints and to the gateway endpoints' prefix lists only. */
  readonly securityGroup: ec2.ISecurityGroup;
}

const ID = 'HandlerNetwork';

/**
 * A stack's declaration that its handlers run in the VPC. Every HandlerFunction of the stack
 * finds it and runs there, unless it names why it cannot (`outsideVpc`, a suppression reason
 * the ledger shows); P-TENANT-ISOLATION-FunctionInVpc flags any other function outside a VPC.
 */
export class HandlerNetwork extends Construct {
  /** The declaration of the stack of `scope`, if it made one. */
  static of(scope: IConstruct): HandlerNetwork | undefined {
    const found = Stack.of(scope).node.tryFindChild(ID);
    return found instanceof HandlerNetwork ? found : undefined;
  }

  /** Declares where the stack's handlers run; before the first handler, once per stack. */
  static declare(stack: Stack, props: HandlerNetworkProps): HandlerNetwork {
    if (HandlerNetwork.of(stack)) throw new Error(`handlerNetwork: stack ${stack.stackName} already declared where its handlers run`);
    return new HandlerNetwork(stack, ID, props);
  }

  private constructor(scope: Construct, id: string, readonly props: HandlerNetworkProps) {
    super(scope, id);
  }
}
