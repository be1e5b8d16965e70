import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as kms from 'aws-cdk-lib/aws-kms';
import { stampJurisdiction } from '../../lib/nag/conventions';
import { RenderedTemplateChecks } from '../../lib/nag/rendered-template-checks';
import { KNOWN_RESOURCE_TYPES } from '../../lib/nag/resource-types';
import { STEWARD_RULES } from '../../lib/nag/rules';
import { packOutcomes } from '../../scripts/synth-report';
import { newTestApp } from '../support/app';

/**
 * A stack with one KMS-encrypted bucket, judged by the plugin at synth; `change` edits it the way a
 * pull request could. Returns the failed synth's report ('' when synth passed).
 */
function synthWith(change: (bucket: s3.CfnBucket) => void, seen?: { outdir?: string }): string {
  const app = newTestApp();
  if (seen) seen.outdir = app.outdir;
  Validations.of(app).addPlugins(new RenderedTemplateChecks());
  const stack = new Stack(app, 'Judged', { env: { region: 'eu-central-1', account: '111111111111' } });
  stampJurisdiction(stack, { id: 'eu', regions: ['eu-central-1', 'eu-west-1'] });
  const bucket = new s3.Bucket(stack, 'Bucket', {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
    enforceSSL: true,
  });
  change(bucket.node.defaultChild as s3.CfnBucket);
  try {
    app.synth();
    return '';
  } catch (e) {
    return String((e as Error).message);
  }
}

const ENCRYPTION_RULE = 'Steward-P-ENCRYPT-REST-BucketEncryptedWithCmk';

describe('RenderedTemplateChecks', () => {
  test('fails synth on the bare bucket (no data class), but not for its encryption', () => {
    const report = synthWith(() => undefined);
    expect(report).toContain('Steward-P-METADATA-ONLY-StoreDeclaresDataClass');
    expect(report).not.toContain(ENCRYPTION_RULE);
  });

  test('fails synth when an override the construct tree never sees switches the bucket to SSE-S3', () => {
    expect(
      synthWith((b) =>
        b.addPropertyOverride('BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault', {
          SSEAlgorithm: 'AES256',
        }),
      ),
    ).toContain(ENCRYPTION_RULE);
  });

  test('fails synth when a deletion override removes the encryption the L1 still holds', () => {
    expect(synthWith((b) => b.addDeletionOverride('Properties.BucketEncryption'))).toContain(ENCRYPTION_RULE);
  });
});

describe('the closed world of resource types', () => {
  test('writes the pack\'s report beside each template, in cdk-nag\'s layout, so the synth report counts it', () => {
    const seen: { outdir?: string } = {};
    synthWith(() => undefined, seen);
    const report = readFileSync(join(seen.outdir!, 'Steward--Judged-NagReport.csv'), 'utf8').split('\n');
    expect(report[0]).toBe('Rule ID,Resource ID,Compliance,Exception Reason,Rule Level,Rule Info');
    expect(report).toContainEqual(expect.stringMatching(new RegExp(`^"${ENCRYPTION_RULE}","Judged/Bucket[0-9A-F]+","Compliant",`)));
    expect(packOutcomes(seen.outdir!).find((p) => p.pack === 'Steward')?.passed).toBeGreaterThan(0);
  });

  test('names only rules the pack has for each data-holding type, and at least one', () => {
    const ids = new Set(STEWARD_RULES.map((r) => r.id));
    for (const [type, known] of Object.entries(KNOWN_RESOURCE_TYPES)) {
      if (known.holdsData) expect(`${type}: ${(known.judgedBy ?? []).length > 0}`).toBe(`${type}: true`);
      for (const id of known.judgedBy ?? []) expect(`${type}: ${id} ${ids.has(id)}`).toBe(`${type}: ${id} true`);
    }
  });

  test('gives every rule a scope saying what it judges and what it cannot', () => {
    for (const rule of STEWARD_RULES) {
      expect(rule.scope.judges.length).toBeGreaterThan(20);
      expect(rule.scope.cannot.length).toBeGreaterThan(20);
    }
  });
});
