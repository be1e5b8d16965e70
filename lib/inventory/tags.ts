import { Tags } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { DataClass } from './data-classes';
import { TAG } from '../vocabulary';

/** The tags that mark a store with its data class, as key/value pairs. */
export function dataClassTags(cls: DataClass, jurisdictionId: string, retention: string): Record<string, string> {
  return {
    [TAG.dataClass]: cls.id,
    [TAG.jurisdiction]: jurisdictionId,
    [TAG.personalData]: String(cls.personalData),
    [TAG.optIn]: String(cls.optIn),
    [TAG.tenantData]: String(cls.tenantData),
    [TAG.retention]: retention,
  };
}

/** Applies the data-class tags to a construct and everything under it. */
export function tagWithDataClass(scope: IConstruct, cls: DataClass, jurisdictionId: string, retention: string): void {
  for (const [key, value] of Object.entries(dataClassTags(cls, jurisdictionId, retention))) {
    Tags.of(scope).add(key, value);
  }
}

/**
 * The retention label of a class in a jurisdiction: `30d` or `tenancy`. A day-bounded class
 * needs its days: without them the tag would read `undefinedd` and declare nothing.
 */
export function retentionLabel(cls: DataClass, days: number | undefined): string {
  if (cls.retention.kind === 'tenancy') return 'tenancy';
  if (days === undefined || !Number.isInteger(days) || days < 1) {
    throw new Error(`retentionDays: data class '${cls.id}' is kept for a number of days and needs them (got ${days})`);
  }
  return `${days}d`;
}

/**
 * The retention in days of a store of a class: the requested days (or the class default) inside
 * the class's declared range; undefined for a class kept for the tenancy.
 */
export function resolveRetentionDays(cls: DataClass, requested: number | undefined): number | undefined {
  if (cls.retention.kind === 'tenancy') {
    if (requested !== undefined) {
      throw new Error(`retentionDays: data class '${cls.id}' is kept for the tenancy and takes no retention in days`);
    }
    return undefined;
  }
  const days = requested ?? cls.retention.defaultDays;
  if (!Number.isInteger(days) || days < cls.retention.minDays || days > cls.retention.maxDays) {
    throw new Error(
      `retentionDays: ${days} is outside the declared range ${cls.retention.minDays}..${cls.retention.maxDays} of data class '${cls.id}'`,
    );
  }
  return days;
}
