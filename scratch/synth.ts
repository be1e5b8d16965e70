import { writeFileSync } from 'node:fs';
import { buildTestApp } from '../test/support/app';
const t0 = Date.now();
const built = buildTestApp(undefined, false);
const out: Record<string, unknown> = {};
for (const j of built) for (const s of Object.values(j)) { if ((s as any).stackName) { const st = s as any; out[st.stackName] = require('aws-cdk-lib/assertions').Template.fromStack(st).toJSON(); } }
writeFileSync('/tmp/i11/templates.json', JSON.stringify(out));
console.log(Object.keys(out), Date.now() - t0);
