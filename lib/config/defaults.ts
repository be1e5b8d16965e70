import type { ExportsConfig, StewardConfig, SupportAccessConfig, TerminationConfig } from './types';

/** Termination settings used where the configuration leaves them out. */
export const DEFAULT_TERMINATION: Required<TerminationConfig> = { keyDeletionWindowDays: 7 };

/**
 * The default app: EU and US. Only member-state regions count as EU (London and Zurich are
 * outside the Union, so they are not listed even though their names start with `eu-`).
 */
export const DEFAULT_CONFIG: StewardConfig = {
  appName: 'steward',
  jurisdictions: [
    {
      id: 'eu',
      displayName: 'European Union',
      regions: ['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1', 'eu-south-1', 'eu-south-2'],
      primaryRegion: 'eu-central-1',
      replicaRegion: 'eu-west-1',
      availabilityZones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'],
    },
    {
      id: 'us',
      displayName: 'United States',
      regions: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'],
      primaryRegion: 'us-east-1',
      replicaRegion: 'us-west-2',
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    },
  ],
};

/** Support access bounds when the configuration names none: off until granted, short when granted. */
export const DEFAULT_SUPPORT_ACCESS: Required<SupportAccessConfig> = { maxGrantHours: 24, maxSessionMinutes: 30 };

/** Export delivery when the configuration names none. */
export const DEFAULT_EXPORTS: Required<ExportsConfig> = { downloadUrlMinutes: 15 };
