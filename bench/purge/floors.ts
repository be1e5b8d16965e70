import { type LatencyProfile, serviceTime } from '../../test/support/s3-model/profile';
import { physicalBound, type Scenario } from './scenarios';

/**
 * What no purge that lists its ranges page by page can do better than, on the model, with no
 * client time at all: the goals are read against these, not only against S3's bound.
 */
export interface LayoutFloor {
  /** Ranges the walk cuts the layout into for this many listers (one per device, or the flat prefix). */
  readonly ranges: number;
  /** One walk listing (none on a flat prefix: its page is the purge's first), each range's pages, full deletes. */
  readonly requests: number;
  /**
   * The walk, then the longest of a range's listings one after another (each names the next) and
   * the deletes at S3's bound, then the delete of the last page's keys (half a batch, as the core sends them).
   */
  readonly seconds: number;
}

const mean = (latency: LatencyProfile['list'], items: number) => serviceTime({ ...latency, jitter: 0 }, items);

export function layoutFloor(s: Scenario, versions: number, listers: number, profile: LatencyProfile): LayoutFloor {
  const ranges = s.devices === 0 ? 1 : Math.min(s.devices, listers);
  const perRange = Math.ceil(versions / ranges);
  const pages = Math.ceil(perRange / 1000);
  const walk = ranges > 1 ? 1 : 0;
  const requests = walk + ranges * pages + Math.ceil(versions / 1000);
  const listing = pages * mean(profile.list, 1000);
  const deleting = (versions / physicalBound(s)) * 1000;
  const seconds = (walk * mean(profile.list, ranges) + Math.max(listing, deleting) + mean(profile.delete, 500)) / 1000;
  return { ranges, requests, seconds };
}
