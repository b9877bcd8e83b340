#!/usr/bin/env -S node --max-semi-space-size=64
// Launcher for the compiled CLI (dist/ is built by `npm install` through the prepare script).
// --max-semi-space-size=64: a young generation of up to 64 MiB per semi-space, so request
// bursts are collected by fewer scavenges (bench:rollback p99 56.9 → 46.8 ms; docs/gateway.md).
// Run `node --max-semi-space-size=N bin/bulwark.js …` to choose another size.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
