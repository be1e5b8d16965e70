import { layoutFloor } from '../../bench/purge/floors';
import { SCENARIOS } from '../../bench/purge/scenarios';
import { DEFAULT_PROFILE } from '../support/s3-model/profile';

describe('layout floors of the purge bench', () => {
  const [flat, onePartition, split] = SCENARIOS;

  test('a flat prefix: one listing and one delete per 1,000, its 50 listings one after another', () => {
    const f = layoutFloor(flat, 50_000, 4, DEFAULT_PROFILE);
    expect(f).toMatchObject({ ranges: 1, requests: 100 });
    // 50 x 300 ms of listing, then a 500-key delete (510 ms).
    expect(f.seconds).toBeCloseTo(15.51, 2);
  });

  test('4 devices of 12,500 versions: 13 listings a range, so 103 requests (2.06 per 1,000) at the least', () => {
    expect(layoutFloor(onePartition, 50_000, 4, DEFAULT_PROFILE)).toMatchObject({ ranges: 4, requests: 1 + 4 * 13 + 50 });
    const f = layoutFloor(split, 50_000, 4, DEFAULT_PROFILE);
    // Listing-bound: 13 x 300 ms after a 21 ms walk is longer than 12,500 keys at 3,500/s; then the last delete.
    expect(f.seconds).toBeCloseTo((21.12 + 13 * 300 + 510) / 1000, 3);
  });

  test('under one partition the deletes are the bound, not the listings', () => {
    const f = layoutFloor(onePartition, 50_000, 4, DEFAULT_PROFILE);
    expect(f.seconds).toBeCloseTo((21.12 + (50_000 / 3500) * 1000 + 510) / 1000, 3);
  });
});
