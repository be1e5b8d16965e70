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
