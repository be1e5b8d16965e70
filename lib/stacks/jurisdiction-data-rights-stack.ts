import { CfnOutput } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import type { ResolvedStewardConfig } from '../config/resolved';
import { DataRightsStores } from '../constructs/data-rights-stores';
import { DataSubjectRequests } from '../constructs/data-subject-requests';
import { EarlyLogPurge } from '../constructs/early-log-purge';
import { OptInWriter } from '../constructs/opt-in-writer';
import { SupportConsent } from '../constructs/support-consent';
import { TenantExport } from '../constructs/tenant-export';
import type { JurisdictionDataStack } from './jurisdiction-data-stack';
import { declareHandlerNetwork, type HandlerStackProps } from './jurisdiction-stack-props';
import { JurisdictionStack } from './jurisdiction-stack';

export interface JurisdictionDataRightsStackProps extends HandlerStackProps {
  /** The jurisdiction's data stack, whose buckets, tables and keys the handlers work on. */
  readonly data: JurisdictionDataStack;
  /** Grant and session bounds, defaults filled in. */
  readonly supportAccess: ResolvedStewardConfig['supportAccess'];
  /** Export delivery, defaults filled in. */
  readonly exports: ResolvedStewardConfig['exports'];
  /**
   * The portal user pool, for data-subject requests on portal accounts.
   * @default none: data-subject requests report that accounts were not searched
   */
  readonly portalUserPool?: cognito.IUserPool;
}

/**
 * A tenant's data rights in its jurisdiction's primary region: early log purge, export,
 * data-subject requests, support access with consent and the opt-in writer. Holds handlers
 * and roles only; every store it works on belongs to the data stack.
 */
export class JurisdictionDataRightsStack extends JurisdictionStack {
  readonly purge: EarlyLogPurge;
  readonly export: TenantExport;
  readonly dataSubjectRequests: DataSubjectRequests;
  readonly supportConsent: SupportConsent;
  readonly optInWriter: OptInWriter;

  constructor(scope: Construct, id: string, props: JurisdictionDataRightsStackProps) {
    super(scope, id, props);
    const { jurisdiction, data } = props;
    if (data.region !== this.region) {
      throw new Error(`data: the data stack is in ${data.region}, not in this stack's region ${this.region}`);
    }
    declareHandlerNetwork(this, props);
    const { naming } = this;
    const stores = new DataRightsStores({
      naming, replicaRegion: jurisdiction.replicaRegion, buckets: data.buckets, tables: data.tables, keys: data.keys,
    });
    const logKey = data.keyFor('operational-logs');
    const downloadUrlMinutes = props.exports.downloadUrlMinutes;

    this.purge = new EarlyLogPurge(this, 'EarlyLogPurge', { stores, logKey });
    this.export = new TenantExport(this, 'TenantExport', { stores, logKey, downloadUrlMinutes, naming });
    this.dataSubjectRequests = new DataSubjectRequests(this, 'DataSubjectRequests', {
      stores, logKey, downloadUrlMinutes, userPool: props.portalUserPool,
    });
    this.supportConsent = new SupportConsent(this, 'SupportConsent', { stores, logKey, ...props.supportAccess });
    this.optInWriter = new OptInWriter(this, 'OptInWriter', { stores, logKey });

    new CfnOutput(this, 'SupportBrokerUrl', {
      description: 'IAM-authenticated URL support engineers POST { tenantId, ticket } to',
      value: this.supportConsent.brokerUrl.url,
    });
  }
}
