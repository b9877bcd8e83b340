/**
 * @module cli/commands/incidents
 * `bulwark incidents list|show`: the incidents the rollback breaker opened (one per
 * anomaly that moved it), with time to detect and to mitigate, the forensic bundle, the
 * untrusted rows, and for `show` the breaker decisions that belong to it.
 */
import type { Command } from 'commander';
import { rollbackServices } from '../../app/rollback-services.js';
import { loadIncident } from '../../rollback/index.js';
import type { IncidentView } from '../../rollback/index.js';
import type { CliContext } from '../context.js';
import { table } from '../format.js';
import { addStoreOptions, printJson, withServices } from '../shared-options.js';
import type { StoreOptions } from '../shared-options.js';
import { nonNegativeInt } from './audit.js';

const EXIT_HELP = '\nExit codes: 0 success, 1 failure (store), 2 user error (unknown incident).';

export function register(program: Command, ctx: CliContext): void {
  const incidents = program.command('incidents').description('Incidents opened by the rollback breaker: what fired, what was done, how fast.');
  registerList(incidents, ctx);
  registerShow(incidents, ctx);
}

function registerList(parent: Command, ctx: CliContext): void {
  const cmd = parent
    .command('list')
    .description('List incidents, newest first.')
    .option('--model <name>', 'only this model')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print one JSON object per line')
    .addHelpText('after', EXIT_HELP);
  addStoreOptions(cmd).action(async (opts: StoreOptions & { model?: string; limit: string; json?: boolean }) => {
    const limit = nonNegativeInt('--limit', opts.limit);
    const list = await withServices(ctx, opts, (s) => rollbackServices(s).stores.incidents.list({ ...(opts.model === undefined ? {} : { model: opts.model }), limit }));
    if (opts.json) return list.forEach((i) => printJson(ctx, i));
    if (list.length === 0) return ctx.io.out('no incidents');
    const rows = list.map((i) => [i.id, i.model, i.state, `${i.suspect} → ${i.lkg}`, i.anomaly.rule, new Date(i.openedAt).toISOString(), ms(i.timeToDetectMs), ms(i.timeToMitigateMs), String(i.untrusted?.count ?? 0)]);
    ctx.io.out(table(['ID', 'MODEL', 'STATE', 'SUSPECT → LKG', 'RULE', 'OPENED', 'TTD', 'TTM', 'UNTRUSTED'], rows));
  });
}

function registerShow(parent: Command, ctx: CliContext): void {
  const cmd = parent
    .command('show')
    .description('Show one incident with its forensic bundle, untrusted window and breaker decisions.')
    .argument('<id>', 'incident id (from `bulwark incidents list`)')
    .option('--json', 'print it as JSON (the incident, its decisions and its bundle entry)')
    .addHelpText('after', EXIT_HELP);
  addStoreOptions(cmd).action(async (id: string, opts: StoreOptions & { json?: boolean }) => {
    const shown = await withServices(ctx, opts, (s) => loadIncident(rollbackServices(s).stores, id));
    if (opts.json) return printJson(ctx, shown);
    printIncident(ctx, shown);
  });
}

function printIncident(ctx: CliContext, { incident: i, decisions, bundle }: IncidentView): void {
  const at = (t: number | undefined): string => (t === undefined ? '-' : new Date(t).toISOString());
  ctx.io.out(`incident ${i.id}  ${i.model}  ${i.state}${i.frozenReason === undefined ? '' : ` (${i.frozenReason})`}`);
  ctx.io.out(`anomaly   ${i.anomaly.id}: rule ${i.anomaly.rule}, ${i.anomaly.severity}, on ${i.anomaly.version}; keys ${(i.anomaly.apiKeys ?? []).join(', ') || '-'}`);
  ctx.io.out(`versions  suspect ${i.suspect}, last-known-good ${i.lkg}`);
  ctx.io.out(`times     onset ${at(i.onsetAt)}, detected ${at(i.detectedAt)} (TTD ${ms(i.timeToDetectMs)}), mitigated ${at(i.mitigatedAt)} (TTM ${ms(i.timeToMitigateMs)})`);
  const u = i.untrusted;
  ctx.io.out(`untrusted ${u === null ? 'none' : `${u.count} rows of ${u.version} from ${at(u.fromMs)} to ${at(u.toMs)} (bulwark untrusted export --incident ${i.id})`}`);
  ctx.io.out(`forensics ${bundle === null ? 'none' : `${bundle.digest} (${bundle.bytes} bytes) ${bundle.location}`}`);
  if (i.resolution !== undefined) ctx.io.out(`resolved  ${i.resolution.how} by ${i.resolution.actor} at ${at(i.resolution.at)}: ${i.resolution.reason}`);
  ctx.io.out('decisions');
  for (const d of decisions) {
    const done = d.completedAt === null ? 'PENDING' : 'done';
    ctx.io.out(`  #${d.seq} ${at(d.at)} ${d.command.type}: ${d.prev?.kind ?? '-'} → ${d.state.kind}; ${d.effects.map((e) => e.kind).join(', ') || 'no effects'} (${done})`);
  }
}

function ms(value: number | undefined): string {
  return value === undefined ? '-' : `${Math.round(value)} ms`;
}
