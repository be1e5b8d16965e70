import type { StackProps } from 'aws-cdk-lib';
import type { ResolvedJurisdiction } from '../config/resolved';

/** What every per-jurisdiction stack is built from. */
export interface JurisdictionStackProps extends Omit<StackProps, 'env'> {
  /** Prefix of every physical name. */
  readonly appName: string;
  /** The jurisdiction the stack serves; its region is taken from here, never from the caller. */
  readonly jurisdiction: ResolvedJurisdiction;
}
