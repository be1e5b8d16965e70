import { Size, type Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ruleOutcome } from '../../support/nag';

const cmk = (stack: Stack) => new kms.Key(stack, 'Cmk', { enableKeyRotation: true });

describe('P-ENCRYPT-REST-BucketEncryptedWithCmk', () => {
  const id = 'P-ENCRYPT-REST-BucketEncryptedWithCmk';

  test('passes a bucket encrypted with a customer-managed key', () => {
    const out = ruleOutcome(id, (s) => new s3.Bucket(s, 'B', { encryption: s3.BucketEncryption.KMS, encryptionKey: cmk(s) }));
    expect(out).toEqual({ failures: [], compliant: 1 });
  });

  test('fails S3-managed encryption and the AWS-managed KMS key', () => {
    const out = ruleOutcome(id, (s) => {
      new s3.Bucket(s, 'S3Managed', { encryption: s3.BucketEncryption.S3_MANAGED });
      new s3.Bucket(s, 'AwsManaged', { encryption: s3.BucketEncryption.KMS_MANAGED });
    });
    expect(out.failures.sort()).toEqual(['RuleTest/AwsManaged/Resource', 'RuleTest/S3Managed/Resource']);
  });
});

describe('P-ENCRYPT-REST-TableEncryptedWithCmk', () => {
  const id = 'P-ENCRYPT-REST-TableEncryptedWithCmk';
  const key = { name: 'tenantId', type: dynamodb.AttributeType.STRING };

  test('passes a table and a global table with customer-managed keys', () => {
    const out = ruleOutcome(id, (s) => {
      new dynamodb.Table(s, 'Table', { partitionKey: key, encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: cmk(s) });
      new dynamodb.TableV2(s, 'Global', {
        partitionKey: key,
        encryption: dynamodb.TableEncryptionV2.customerManagedKey(new kms.Key(s, 'K2')),
      });
    });
    expect(out).toEqual({ failures: [], compliant: 2 });
  });

  test('fails tables on AWS-owned or AWS-managed keys', () => {
    const out = ruleOutcome(id, (s) => {
      new dynamodb.Table(s, 'Owned', { partitionKey: key });
      new dynamodb.TableV2(s, 'Managed', { partitionKey: key, encryption: dynamodb.TableEncryptionV2.awsManagedKey() });
    });
    expect(out.failures.sort()).toEqual(['RuleTest/Managed/Resource[replica:eu-central-1]', 'RuleTest/Owned/Resource']);
  });
});

describe('P-ENCRYPT-REST-LogGroupEncryptedWithCmk', () => {
  const id = 'P-ENCRYPT-REST-LogGroupEncryptedWithCmk';

  test('passes a log group with a key', () => {
    expect(ruleOutcome(id, (s) => new logs.LogGroup(s, 'Logs', { encryptionKey: cmk(s) }))).toEqual({ failures: [], compliant: 1 });
  });

  test('fails a log group without a key', () => {
    expect(ruleOutcome(id, (s) => new logs.LogGroup(s, 'Logs')).failures).toEqual(['RuleTest/Logs/Resource']);
  });
});

describe('P-ENCRYPT-REST-VolumeEncryptedWithCmk', () => {
  const id = 'P-ENCRYPT-REST-VolumeEncryptedWithCmk';

  test('passes a volume and a launch template disk encrypted with a key', () => {
    const out = ruleOutcome(id, (s) => {
      const key = cmk(s);
      new ec2.Volume(s, 'Volume', { availabilityZone: 'eu-central-1a', size: Size.gibibytes(8), encrypted: true, encryptionKey: key });
      new ec2.LaunchTemplate(s, 'Template', {
        blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true, kmsKey: key }) }],
      });
    });
    expect(out).toEqual({ failures: [], compliant: 2 });
  });

  test('fails an unencrypted volume and a disk encrypted without a named key', () => {
    const out = ruleOutcome(id, (s) => {
      new ec2.CfnVolume(s, 'Plain', { availabilityZone: 'eu-central-1a', size: 8 });
      new ec2.CfnInstance(s, 'Host', {
        imageId: 'ami-12345678',
        blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { encrypted: true, volumeSize: 8 } }],
      });
    });
    expect(out.failures.sort()).toEqual(['RuleTest/Host[device:/dev/xvda]', 'RuleTest/Plain[volume]']);
  });
});

describe('P-ENCRYPT-REST-QueueAndTopicEncryptedWithCmk', () => {
  const id = 'P-ENCRYPT-REST-QueueAndTopicEncryptedWithCmk';

  test('passes a queue and a topic on a customer-managed key', () => {
    const out = ruleOutcome(id, (s) => {
      const key = cmk(s);
      new sqs.Queue(s, 'Queue', { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key, enforceSSL: true });
      new sns.Topic(s, 'Topic', { masterKey: key, enforceSSL: true });
    });
    expect(out).toEqual({ failures: [], compliant: 2 });
  });

  test('fails an SQS-managed queue, an AWS-managed queue key and an unencrypted topic', () => {
    const out = ruleOutcome(id, (s) => {
      new sqs.Queue(s, 'SqsManaged', { encryption: sqs.QueueEncryption.SQS_MANAGED });
      new sqs.Queue(s, 'AwsManaged', { encryption: sqs.QueueEncryption.KMS_MANAGED });
      new sns.Topic(s, 'Plain');
    });
    expect(out.failures.sort()).toEqual(['RuleTest/AwsManaged/Resource', 'RuleTest/Plain/Resource', 'RuleTest/SqsManaged/Resource']);
  });
});

describe('P-ENCRYPT-REST-KeyRotationEnabled', () => {
  const id = 'P-ENCRYPT-REST-KeyRotationEnabled';

  test('passes a rotating symmetric key and skips an asymmetric one', () => {
    const out = ruleOutcome(id, (s) => {
      cmk(s);
      new kms.Key(s, 'Signing', { keySpec: kms.KeySpec.ECC_NIST_P256, keyUsage: kms.KeyUsage.SIGN_VERIFY });
    });
    expect(out).toEqual({ failures: [], compliant: 1 });
  });

  test('fails a symmetric key without rotation', () => {
    expect(ruleOutcome(id, (s) => new kms.Key(s, 'Static')).failures).toEqual(['RuleTest/Static/Resource']);
  });
});
