/**
 * @module cli/commands/forensics
 * `bulwark forensics show|export|purge`: the content-addressed forensic bundles written at
 * each rollback (`.bulwark/forensics/<sha256>.json`). A bundle is named by its digest, a
 * unique prefix of 8+ characters, or its incident id; reading re-hashes the file.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { rollbackServices } from '../../app/rollback-services.js';
import { rollbackErrors } from '../../rollback/index.js';
import type { ForensicBundle, ForensicIndexEntry } from '../../rollback/index.js';
import type { CliContext } from '../context.js';
import { addStoreOptions, printJson, withServices } from '../shared-options.js';
import type { StoreOptions } from '../shared-options.js';

const EXIT_HELP = '\nExit codes: 0 success, 1 failure (store; a bundle that does not match its digest), 2 user error (no such bundle).';

export function register(program: Command, ctx: CliContext): void {
  const forensics = program.command('forensics').description('Forensic bundles: the requests, evidence, routes and versions captured at each rollback.');
  registerShow(forensics, ctx);
  registerExport(forensics, ctx);
  registerPurge(forensics, ctx);
}

function registerShow(parent: Command, ctx: CliContext): void {
  const cmd = parent
    .command('show')
    .description('Summarise a bundle (checked against its digest).')
    .argument('<id>', 'bundle digest, unique digest prefix (8+), or incident id')
    .option('--json', 'print the index entry and the summary as JSON')
    .addHelpText('after', EXIT_HELP);
  addStoreOptions(cmd).action(async (id: string, opts: StoreOptions & { json?: boolean }) => {
    const { entry, bundle } = await withServices(ctx, opts, async (s) => {
      const { archive } = rollbackServices(s);
      const found = await archive.resolve(id);
      return { entry: found, bundle: await archive.read(found) };
    });
    const summary = summarise(entry, bundle);
    if (opts.json) return printJson(ctx, summary);
    for (const [key, value] of Object.entries(summary)) ctx.io.out(`${key.padEnd(12)} ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  });
}

function summarise(entry: ForensicIndexEntry, b: ForensicBundle): Record<string, unknown> {
  return {
    digest: entry.digest,
    location: entry.location,
    bytes: entry.bytes,
    model: b.model,
    incident: b.incidentId,
    anomaly: `${b.anomaly.id}: ${b.anomaly.rule} (${b.anomaly.severity}) on ${b.anomaly.version}`,
    decidedAt: new Date(b.decidedAt).toISOString(),
    events: b.ringLost ? 'lost (the process restarted between freeze and persist)' : `${b.events.length} (${b.triggering.length} triggering)`,
    redactedPii: b.redactedPii,
    routeBefore: b.route.before,
    routeAfter: b.route.after,
    versions: b.versions,
  };
}

function registerExport(parent: Command, ctx: CliContext): void {
  const cmd = parent
    .command('export')
    .description('Write a bundle\'s exact bytes (canonical JSON, checked against its digest) to a file or stdout.')
    .argument('<id>', 'bundle digest, unique digest prefix (8+), or incident id')
    .option('--out <file>', 'write here instead of stdout')
    .addHelpText('after', EXIT_HELP);
  addStoreOptions(cmd).action(async (id: string, opts: StoreOptions & { out?: string }) => {
    const { entry, bytes } = await withServices(ctx, opts, async (s) => {
      const { archive } = rollbackServices(s);
      const found = await archive.resolve(id);
      return { entry: found, bytes: await archive.bytes(found) };
    });
    if (opts.out === undefined) return ctx.io.out(Buffer.from(bytes).toString('utf8'));
    await writeFile(resolve(ctx.cwd, opts.out), bytes);
    ctx.io.err(`wrote ${entry.digest} (${bytes.length} bytes) to ${opts.out}`);
  });
}

function registerPurge(parent: Command, ctx: CliContext): void {
  const cmd = parent
    .command('purge')
    .description('Delete bundles older than a number of days (the gateway also applies rollback.forensics.retentionDays daily).')
    .requiredOption('--days <n>', 'retention in days')
    .option('--model <name>', 'only this model\'s bundles')
    .option('--json', 'print the removed digests as JSON')
    .addHelpText('after', '\nExit codes: 0 success, 1 failure (store), 2 user error.');
  addStoreOptions(cmd).action(async (opts: StoreOptions & { days: string; model?: string; json?: boolean }) => {
    const days = Number(opts.days);
    if (!(Number.isFinite(days) && days >= 0)) throw rollbackErrors.error('RBK_ERR_BAD_OPTION', `--days must be a number >= 0, got "${opts.days}"`, { option: '--days' });
    const removed = await withServices(ctx, opts, (s) => {
      const rb = rollbackServices(s);
      return rb.archive.purge(rb.clock.now(), days, opts.model);
    });
    if (opts.json) return printJson(ctx, { removed });
    ctx.io.out(`removed ${removed.length} bundle(s) older than ${days} day(s)`);
  });
}
