#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { configErrorBlock } from '../lib/config/cli';
import { loadConfig } from '../lib/config/load';
import { buildStewardApp } from '../lib/steward-app';

const app = new App();
let config;
try {
  config = loadConfig(app.node.tryGetContext('stewardConfig'));
} catch (e) {
  // A configuration mistake is the user's to fix: the problems only, no stack trace.
  const block = configErrorBlock(e);
  if (block === undefined) throw e;
  console.error(block);
  process.exit(1);
}
buildStewardApp(app, config);
app.synth();
