import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { validateConfig } from '../../lib/config/validate';
import { declaredInternetIngressOf, jurisdictionStampOf } from '../../lib/nag/conventions';
import type { RenderedStack } from '../../lib/nag/rendered-template-checks';
import { buildStewardApp } from '../../lib/steward-app';
import { newTestApp } from './app';

/**
 * The default app synthesized once, without the packs, as the stacks CloudFormation would receive:
 * templates plus what the app stamped on each stack. Tests copy and change a template, then judge it.
 */
export function renderDefaultApp(): RenderedStack[] {
  const outdir = mkdtempSync(join(tmpdir(), 'steward-rendered-'));
  try {
    const app = newTestApp(outdir);
    buildStewardApp(app, validateConfig(DEFAULT_CONFIG), { nag: false });
    const assembly = app.synth();
    return assembly.stacks.map((artifact) => {
      const stack = app.node.findAll().find((c): c is Stack => Stack.isStack(c) && c.artifactId === artifact.id)!;
      return {
        stackName: artifact.stackName,
        region: artifact.environment.region,
        account: artifact.environment.account,
        template: JSON.parse(readFileSync(join(outdir, artifact.templateFile), 'utf8')) as unknown,
        jurisdiction: jurisdictionStampOf(stack),
        internetIngress: declaredInternetIngressOf(stack),
      };
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
