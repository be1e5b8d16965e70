import { removeTestTempDirs } from './temp';

// Registered before the test file's own hooks, for every test file (jest.config.js setupFilesAfterEnv).
afterAll(() => removeTestTempDirs());
