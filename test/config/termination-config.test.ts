import { DEFAULT_CONFIG } from '../../lib/config/defaults';
import { validateConfig } from '../../lib/config/validate';
import { problemsOf } from '../support/config-problems';

describe('termination configuration', () => {
  test('the key deletion window defaults to 7 days and takes an override inside 7..30', () => {
    expect(validateConfig(DEFAULT_CONFIG).termination.keyDeletionWindowDays).toBe(7);
    const config = validateConfig({ ...DEFAULT_CONFIG, termination: { keyDeletionWindowDays: 30 } });
    expect(config.termination.keyDeletionWindowDays).toBe(30);
  });

  test.each([6, 31, 7.5])('refuses a key deletion window of %j, naming the field', (days) => {
    expect(problemsOf({ ...DEFAULT_CONFIG, termination: { keyDeletionWindowDays: days } })).toEqual([
      expect.stringMatching(/^termination\.keyDeletionWindowDays: must be a whole number of days from 7 to 30/),
    ]);
  });

  test('refuses a key deletion window given as a string as a type error, not a range error', () => {
    expect(problemsOf({ ...DEFAULT_CONFIG, termination: { keyDeletionWindowDays: '7' } })).toEqual([
      'termination.keyDeletionWindowDays: must be a number (days), got the string "7"',
    ]);
  });

  test('the point-in-time-recovery window defaults to 7 days and takes an override inside 1..35', () => {
    expect(validateConfig(DEFAULT_CONFIG).termination.pitrRecoveryDays).toBe(7);
    const config = validateConfig({ ...DEFAULT_CONFIG, termination: { pitrRecoveryDays: 35 } });
    expect(config.termination).toEqual({
      keyDeletionWindowDays: 7, pitrRecoveryDays: 35, purgeConcurrency: 8, shardsPerBucket: 8, runTimeoutHours: 72,
    });
  });

  test.each([0, 36, 2.5])('refuses a point-in-time-recovery window of %j, naming the field', (days) => {
    expect(problemsOf({ ...DEFAULT_CONFIG, termination: { pitrRecoveryDays: days } })).toEqual([
      expect.stringMatching(/^termination\.pitrRecoveryDays: must be a whole number of days from 1 to 35 \(the range DynamoDB allows\)/),
    ]);
  });

  test('the purge fan-out runs 8 child executions at once by default and takes an override inside 1..25', () => {
    expect(validateConfig(DEFAULT_CONFIG).termination.purgeConcurrency).toBe(8);
    expect(validateConfig({ ...DEFAULT_CONFIG, termination: { purgeConcurrency: 25 } }).termination.purgeConcurrency).toBe(25);
  });

  test.each([0, 26, 2.5])('refuses a purge concurrency of %j, naming the field', (n) => {
    expect(problemsOf({ ...DEFAULT_CONFIG, termination: { purgeConcurrency: n } })).toEqual([
      expect.stringMatching(/^termination\.purgeConcurrency: must be a whole number of child executions from 1 to 25/),
    ]);
  });

  test('the purge cuts each bucket copy into at most 8 shards by default and takes an override inside 1..32', () => {
    expect(validateConfig(DEFAULT_CONFIG).termination.shardsPerBucket).toBe(8);
    for (const n of [1, 32]) {
      expect(validateConfig({ ...DEFAULT_CONFIG, termination: { shardsPerBucket: n } }).termination.shardsPerBucket).toBe(n);
    }
  });

  test.each([0, 33, 2.5])('refuses %j shards per bucket, naming the field and the range', (n) => {
    expect(problemsOf({ ...DEFAULT_CONFIG, termination: { shardsPerBucket: n } })).toEqual([
      expect.stringMatching(/^termination\.shardsPerBucket: must be a whole number of shards from 1 to 32 /),
    ]);
  });

  test('a run times out after 72 hours by default and takes an override from 4 hours to a year', () => {
    expect(validateConfig(DEFAULT_CONFIG).termination.runTimeoutHours).toBe(72);
    for (const hours of [4, 8760]) {
      expect(validateConfig({ ...DEFAULT_CONFIG, termination: { runTimeoutHours: hours } }).termination.runTimeoutHours).toBe(hours);
    }
  });

  test.each([3, 8761, 12.5, 0])('refuses a run timeout of %j hours, naming the field and the range', (hours) => {
    expect(problemsOf({ ...DEFAULT_CONFIG, termination: { runTimeoutHours: hours } })).toEqual([
      expect.stringMatching(/^termination\.runTimeoutHours: must be a whole number of hours from 4 to 8760 /),
    ]);
  });

  test('refuses a run timeout given as a string as a type error, not a range error', () => {
    expect(problemsOf({ ...DEFAULT_CONFIG, termination: { runTimeoutHours: '72' } })).toEqual([
      'termination.runTimeoutHours: must be a number (hours), got the string "72"',
    ]);
  });

  test.each([
    ['shardPerBucket', 'shardsPerBucket'],
    ['shardsPerBuckets', 'shardsPerBucket'],
    ['runTimeoutHour', 'runTimeoutHours'],
    ['runTimeout', 'runTimeoutHours'],
  ])('refuses the misspelled field %s, suggesting %s', (given, meant) => {
    expect(problemsOf({ ...DEFAULT_CONFIG, termination: { [given]: 8 } })).toEqual([
      expect.stringMatching(new RegExp(`^termination\\.${given}: unknown field '${given}'; did you mean '${meant}'\\?`)),
    ]);
  });

  test('is reported together with the other problems of the configuration', () => {
    expect(problemsOf({ ...DEFAULT_CONFIG, appName: 'X', termination: { keyDeletionWindowDays: 3 } })).toEqual([
      expect.stringMatching(/^appName: /),
      expect.stringMatching(/^termination\.keyDeletionWindowDays: /),
    ]);
  });

  test('refuses a termination setting that is not an object', () => {
    expect(problemsOf({ ...DEFAULT_CONFIG, termination: 7 })).toEqual(['termination: must be an object, got 7']);
  });
});
