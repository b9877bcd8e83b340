#!/usr/bin/env node
// Launcher for the compiled CLI (dist/ is built by `npm install` through the prepare script).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
