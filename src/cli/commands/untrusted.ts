/**
 * @module cli/commands/untrusted
 * `bulwark untrusted export --incident ID`: the decision-ledger rows a rollback marked
 * untrusted (served by the suspect version from the anomaly's onset minus the look-back
 * until the switch), as JSON lines or CSV, for downstream systems to re-check.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { rollbackServices } from '../../app/rollback-services.js';
import { UNTRUSTED_FORMATS, formatUntrusted, rollbackErrors, untrustedRows } from '../../rollback/index.js';
import type { UntrustedFormat } from '../../rollback/index.js';
import type { CliContext } from '../context.js';
import { addStoreOptions, withServices } from '../shared-options.js';
import type { StoreOptions } from '../shared-options.js';

export function register(program: Command, ctx: CliContext): void {
  const untrusted = program.command('untrusted').description('Requests served in an anomalous window, marked untrusted by a rollback.');
  const cmd = untrusted
    .command('export')
    .description('Export the untrusted rows of an incident (request id, time, version, API key, digests).')
    .requiredOption('--incident <id>', 'incident id (from `bulwark incidents list`)')
    .option('--format <format>', `${UNTRUSTED_FORMATS.join(' or ')}`, 'jsonl')
    .option('--out <file>', 'write here instead of stdout')
    .addHelpText('after', '\nColumns: request_id, at, model, version, api_key_id, status, input_digest, output_digest, untrusted_at, incident_id (times ISO 8601).\nExit codes: 0 success, 1 failure (store), 2 user error (unknown incident, bad format).');
  addStoreOptions(cmd).action(async (opts: StoreOptions & { incident: string; format: string; out?: string }) => {
    const format = opts.format as UntrustedFormat;
    if (!UNTRUSTED_FORMATS.includes(format)) throw rollbackErrors.error('RBK_ERR_BAD_OPTION', `--format must be ${UNTRUSTED_FORMATS.join(' or ')}, got "${opts.format}"`, { option: '--format', value: opts.format });
    const rows = await withServices(ctx, opts, async (s) => {
      const rb = rollbackServices(s);
      const incident = await rb.stores.incidents.get(opts.incident);
      if (incident === undefined) throw rollbackErrors.error('RBK_ERR_UNKNOWN_INCIDENT', `no incident "${opts.incident}" (see \`bulwark incidents list\`)`, { id: opts.incident });
      if (incident.untrusted === null) return [];
      return untrustedRows(rb.ledger, { model: incident.model, ...incident.untrusted }, incident.id);
    });
    const lines = formatUntrusted(rows, format);
    if (opts.out === undefined) return lines.forEach((line) => ctx.io.out(line));
    await writeFile(resolve(ctx.cwd, opts.out), lines.length === 0 ? '' : `${lines.join('\n')}\n`);
    ctx.io.err(`wrote ${rows.length} row(s) to ${opts.out}`);
  });
}
