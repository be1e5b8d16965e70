/**
 * Data-rights bench: for one tenant with BENCH_DSR_VERSIONS versions (default 300,000), the time
 * and peak memory of a data-subject request (mode export: every version read, the subject's lines
 * written) and of a tenant export, for the checkpointed workflows and, in the same run, for the
 * previous single-invocation implementation (bench/previous). Both read the same in-process S3
 * (bench/data-rights/memory-s3.ts), optionally with BENCH_DSR_LATENCY_MS added to every request.
 * Peak memory is the most heap plus buffers in use above what was in use when the contender
 * started, sampled every 10 ms.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  beginDataSubjectRequest, continueDataSubjectRequest, type DataSubjectDeps, type DataSubjectState, dataSubjectRequestStatus,
  finishDataSubjectRequest, startDataSubjectRequest,
} from '../../lambda/data-subject-request/core';
import type { AuditSink } from '../../lambda/shared/audit-record';
import {
  beginExport, continueExport, type ExportState, exportStatus, finishExport, startExport, type TenantExportDeps,
} from '../../lambda/tenant-export/core';
import { WorkflowDriver } from '../../test/support/workflow-driver';
import { handleDataSubjectRequest } from '../previous/data-subject-request';
import { exportTenant } from '../previous/tenant-export';
import { MemoryS3 } from './memory-s3';

const VERSIONS = Number(process.env.BENCH_DSR_VERSIONS ?? 300_000);
const LATENCY_MS = Number(process.env.BENCH_DSR_LATENCY_MS ?? 0);
const VERSIONS_PER_KEY = 3;
const DEVICES = 50;

/** About 400 bytes of JSON lines per version; one version in a hundred names the subject. */
function body(key: string, versionId: string): Buffer {
  const n = Number(/(\d+)\.jsonl$/.exec(key)?.[1] ?? 0) * VERSIONS_PER_KEY + Number(versionId.slice(1));
  const lines = [0, 1, 2, 3].map((i) =>
    JSON.stringify({
      user: i === 0 && n % 100 === 0 ? 'jane' : `user-${(n + i) % 997}`,
      application: 'crm',
      sourceIp: '10.0.0.1',
      bytes: n,
    }),
  );
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** Registry and tables: the tenant, and no items (the bench is about the log objects). */
const ddb = {
  send: async (cmd: { constructor: { name: string } }) =>
    cmd.constructor.name === 'GetCommand' ? { Item: { tenantId: 'acme', status: 'active' } } : { Items: [] },
} as unknown as DynamoDBDocumentClient;
const audit: AuditSink = async () => 'audit/bench';
const sealer = {
  seal: async (p: string) => Buffer.from(p).toString('base64'),
  open: async (c: string) => Buffer.from(c, 'base64').toString(),
};
const destination = { bucket: 'exports', classKeyArn: 'arn:aws:kms:eu-central-1:111122223333:key/bench', urlSeconds: 900 };
const presign = async () => 'https://example.invalid/archive';

interface Figures {
  readonly name: string;
  readonly seconds: number;
  readonly peakMiB: number;
  readonly requests: number;
}

// A full collection before each contender, so its baseline is what is live, not what is garbage.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

async function measure(name: string, s3: MemoryS3, run: () => Promise<void>): Promise<Figures> {
  collectGarbage();
  const used = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
  const base = used();
  let peak = base;
  const timer = setInterval(() => { peak = Math.max(peak, used()); }, 10);
  s3.requests = {};
  const start = process.hrtime.bigint();
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, used());
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { name, seconds, peakMiB: (peak - base) / 2 ** 20, requests: Object.values(s3.requests).reduce((a, b) => a + b, 0) };
}

function newStore(): MemoryS3 {
  const store = new MemoryS3(body);
  const keys = Array.from(
    { length: Math.ceil(VERSIONS / VERSIONS_PER_KEY) },
    (_, i) => `tenants/acme/fw-${i % DEVICES}/2026/11/${String(1 + (i % 28)).padStart(2, '0')}/${i}.jsonl`,
  );
  store.seed('logs', keys, VERSIONS_PER_KEY, 400);
  store.latencyMs = LATENCY_MS;
  return store;
}

async function workflowDsr(store: MemoryS3): Promise<void> {
  const s3 = store.client();
  const deps: DataSubjectDeps = {
    s3: { primary: s3, replica: s3 }, ddb, registryTable: 'registry', logBuckets: { 'access-logs': { primary: 'logs' } }, tables: {},
    destination, presign, audit, sealer, executions: undefined as never, budget: { pages: 10, timeUp: () => false },
  };
  const driver = new WorkflowDriver(() => ({
    begin: (input) => beginDataSubjectRequest(deps, input as never),
    continue: (state) => continueDataSubjectRequest(deps, state as DataSubjectState),
    finish: (state) => finishDataSubjectRequest(deps, state as DataSubjectState),
    fail: async (_s, error) => { throw new Error(`bench request failed: ${error}`); },
  }));
  const full = { ...deps, executions: driver };
  await startDataSubjectRequest(full, { requestId: 'bench-dsr-1', tenantId: 'acme', mode: 'export', userName: 'jane' });
  await driver.runPending();
  const status = await dataSubjectRequestStatus(full, { tenantId: 'acme', requestId: 'bench-dsr-1' });
  expectLines(status.result?.logs['access-logs']?.lines, 'workflow data-subject request');
}

async function previousDsr(store: MemoryS3): Promise<void> {
  const s3 = store.client();
  const result = await handleDataSubjectRequest(
    {
      s3: { primary: s3, replica: s3 },
      ddb,
      registryTable: 'registry',
      logBuckets: { 'access-logs': { primary: 'logs' } },
      tables: {},
      destination,
      presign,
      audit,
      newId: () => 'bench',
    },
    { tenantId: 'acme', mode: 'export', userName: 'jane' },
  );
  expectLines(result.logs['access-logs'].lines, 'previous data-subject request');
}

async function workflowExport(store: MemoryS3): Promise<void> {
  const s3 = store.client();
  const deps: TenantExportDeps = {
    s3, ddb, registryTable: 'registry', buckets: { 'access-logs': 'logs' }, tables: {}, destination, presign, audit,
    executions: undefined as never, budget: { pages: 10, timeUp: () => false },
  };
  const driver = new WorkflowDriver(() => ({
    begin: (input) => beginExport(deps, input as never),
    continue: (state) => continueExport(deps, state as ExportState),
    finish: (state) => finishExport(deps, state as ExportState),
    fail: async (_s, error) => { throw new Error(`bench export failed: ${error}`); },
  }));
  const full = { ...deps, executions: driver };
  await startExport(full, { tenantId: 'acme', requestId: 'bench-export-1' });
  await driver.runPending();
  const status = await exportStatus(full, { tenantId: 'acme', requestId: 'bench-export-1' });
  if (status.result?.counts.objects !== Math.ceil(VERSIONS / VERSIONS_PER_KEY))
    throw new Error(`workflow export archived ${status.result?.counts.objects} objects`);
}

async function previousExport(store: MemoryS3): Promise<void> {
  const s3 = store.client();
  const result = await exportTenant(
    {
      s3,
      ddb,
      registryTable: 'registry',
      buckets: { 'access-logs': 'logs' },
      tables: {},
      destination,
      presign,
      audit,
      newId: () => 'bench',
    },
    { tenantId: 'acme' },
  );
  if (result.counts.objects !== Math.ceil(VERSIONS / VERSIONS_PER_KEY))
    throw new Error(`previous export archived ${result.counts.objects} objects`);
}

const expectedLines = Math.floor(Math.ceil(VERSIONS / VERSIONS_PER_KEY) * VERSIONS_PER_KEY / 100);
function expectLines(lines: number | undefined, who: string): void {
  // Versions n = key * 3 + v for v in 1..3 name the subject when n % 100 === 0.
  if (!lines || Math.abs(lines - expectedLines) > 2)
    throw new Error(`${who} found ${lines} lines of the subject, expected about ${expectedLines}`);
}

/** Runs the four measurements and prints them side by side. */
export async function runDataRightsBench(): Promise<void> {
  console.log(`\n== data rights: one tenant, ${VERSIONS} versions (${VERSIONS_PER_KEY} per key, ${DEVICES} devices), in-process S3` +
    `${LATENCY_MS > 0 ? ` + ${LATENCY_MS} ms per request` : ' (no added latency)'} ==\n`);
  const rows: [string, Figures, Figures][] = [];
  for (const [what, ours, previous] of [
    ['data-subject request (export)', workflowDsr, previousDsr],
    ['tenant export', workflowExport, previousExport],
  ] as const) {
    // Each contender gets its own store, built before its clock starts.
    const ourStore = newStore();
    const a = await measure('workflow', ourStore, () => ours(ourStore));
    const previousStore = newStore();
    const b = await measure('previous', previousStore, () => previous(previousStore));
    rows.push([what, a, b]);
  }
  for (const [what, a, b] of rows) {
    for (const f of [a, b]) {
      console.log(
        `${what.padEnd(30)} ${f.name.padEnd(9)} ${f.seconds.toFixed(1).padStart(7)} s  peak ${f.peakMiB.toFixed(1).padStart(7)} MiB  ` +
          `${String(f.requests).padStart(8)} S3 requests`,
      );
    }
    console.log(
      `${what.padEnd(30)} workflow/previous: time ${(a.seconds / b.seconds).toFixed(2)}x, peak memory ` +
        `${(a.peakMiB / b.peakMiB).toFixed(2)}x\n`,
    );
  }
  console.log('The workflow figures are for all its steps in one process; on AWS each step is its own invocation and its\n' +
    'memory is that of one step. Time here is CPU in this process plus the added latency, not S3\'s.');
}
