import { Template } from 'aws-cdk-lib/assertions';
import { JurisdictionDataStack } from '../../lib/stacks/jurisdiction-data-stack';
import { JurisdictionReplicaStack } from '../../lib/stacks/jurisdiction-replica-stack';
import { TenantLifecycleStack } from '../../lib/stacks/tenant-lifecycle-stack';
import { newTestApp, RESOLVED_DEFAULT_CONFIG } from './app';
import { flatten } from './cfn';

/**
 * The default app's EU tenant-lifecycle stack, synthesized, with its termination state machine
 * and that machine's definition parsed: what the tests that read the deployed definition (its
 * history, its state size) read. `S` is the shape of a state as far as a test looks.
 */
export function defaultTerminationMachine<S>(): {
  lifecycle: TenantLifecycleStack;
  template: Template;
  machine: { Properties: Record<string, unknown> };
  definition: { StartAt: string; States: Record<string, S> };
} {
  const jurisdiction = RESOLVED_DEFAULT_CONFIG.jurisdictions[0];
  const app = newTestApp();
  const common = { appName: 'steward', jurisdiction };
  const replica = new JurisdictionReplicaStack(app, 'steward-eu-replica', common);
  const data = new JurisdictionDataStack(app, 'steward-eu-data', common);
  const lifecycle = new TenantLifecycleStack(app, 'steward-eu-tenant-lifecycle', { ...common, data, replica, keyDeletionWindowDays: 7 });
  const template = Template.fromStack(lifecycle);
  const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0] as { Properties: Record<string, unknown> };
  return { lifecycle, template, machine, definition: JSON.parse(flatten(machine.Properties.DefinitionString)) };
}
