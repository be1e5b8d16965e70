#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { loadConfig } from '../lib/config/load';
import { buildStewardApp } from '../lib/steward-app';

const app = new App();
buildStewardApp(app, loadConfig(app.node.tryGetContext('stewardConfig')));
app.synth();
