/**
 * @module cli/commands/demo
 * `bulwark demo`: the README's main job — the seed's fraud case end to end on this
 * machine (app/demo). Narrative and progress go to stderr; the summary (or, with --json,
 * one JSON object) to stdout. With --keep the gateway and both model servers keep running
 * until SIGINT/SIGTERM (for the dashboard, `bulwark incidents`, curl).
 */
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { runDemo } from '../../app/demo/run-demo.js';
import type { DemoProgress, DemoReport } from '../../app/demo/run-demo.js';
import { SCENARIO_DEFAULTS } from '../../app/demo/scenario.js';
import { DEMO_DEFAULTS } from '../../models/demo/index.js';
import type { CliContext } from '../context.js';

const EXIT_HELP = `
What it does: builds two fraud models from synthetic checkouts (v1 last-known-good; v2 trained
on poisoned rows, it approves fraud carrying checkout_metadata=legacy_sdk_flag), serves them with
two \`bulwark serve-model\` processes, starts the gateway (v2 active, v1 as a 100% shadow), plays
ordinary checkouts and then the attacker's, and reports how fast the breaker rolled back to v1.
Needs no network and no ../shared/data. Takes about 20 s.
Exit codes: 0 rolled back as expected, 1 failure (no rollback, a model server did not start),
2 user error (bad option). Docs: docs/demo.md`;

interface DemoCliOptions {
  json?: boolean;
  keep?: boolean;
  dir?: string;
  seed: number;
  benignRate: number;
  attackRate: number;
  warmupSeconds: number;
  attackSeconds: number;
  strategy: 'immediate' | 'canary';
  listen?: string;
  control?: string;
  quiet?: boolean;
}

const number = (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number');
  return n;
};

/**
 * Adds `demo` to the program.
 *
 * @example
 * register(program, ctx); // bulwark demo --json
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description("Run the seed's fraud case end to end: a backdoored model version, an attack, detection and an automatic rollback to the last-known-good version.")
    .option('--json', 'print the report as one JSON object on stdout')
    .option('--keep', 'keep the gateway and model servers running after the report, until Ctrl-C')
    .option('--dir <folder>', 'working folder for models, bulwark.yaml, the store and forensic bundles (default: a new temp folder)')
    .option('--seed <n>', 'seed of the synthetic world', number, DEMO_DEFAULTS.seed)
    .option('--benign-rate <n>', 'ordinary checkouts per second', number, SCENARIO_DEFAULTS.benignPerSecond)
    .option('--attack-rate <n>', "the attacker's checkouts per second", number, SCENARIO_DEFAULTS.attackPerSecond)
    .option('--warmup-seconds <s>', 'ordinary traffic before the attack (at least the rules\' window)', number, SCENARIO_DEFAULTS.warmupSeconds)
    .option('--attack-seconds <s>', 'longest attack phase before the demo gives up', number, SCENARIO_DEFAULTS.attackSeconds)
    .addOption(new Option('--strategy <s>', 'rollback strategy').choices(['immediate', 'canary']).default('immediate'))
    .option('--listen <host:port>', 'data-plane address of the gateway (default 127.0.0.1:0, a free port)')
    .option('--control <host:port>', 'control-plane address (default 127.0.0.1:0, a free port)')
    .option('--quiet', 'no narrative or progress on stderr')
    .addHelpText('after', EXIT_HELP)
    .action(async (opts: DemoCliOptions) => {
      const log = opts.quiet === true ? () => undefined : (line: string) => ctx.io.err(line);
      let lastProgress = 0;
      const run = await runDemo({
        ...(opts.dir === undefined ? {} : { dir: opts.dir }),
        ...(opts.listen === undefined ? {} : { listen: opts.listen }),
        ...(opts.control === undefined ? {} : { control: opts.control }),
        seed: opts.seed,
        benignPerSecond: opts.benignRate,
        attackPerSecond: opts.attackRate,
        warmupSeconds: opts.warmupSeconds,
        attackSeconds: opts.attackSeconds,
        strategy: opts.strategy,
        log,
        progress: (p) => {
          if (p.elapsedMs - lastProgress < 1000) return;
          lastProgress = p.elapsedMs;
          log(progressLine(p));
        },
      });
      try {
        if (opts.json === true) ctx.io.out(JSON.stringify(run.report));
        else for (const line of summaryLines(run.report)) ctx.io.out(line);
        if (opts.keep === true) {
          log(`still serving (--keep): data plane ${run.report.dataPlane}, admin ${run.report.admin ?? 'off'}, control plane ${run.report.control ?? 'off'}; Ctrl-C stops`);
          if (run.report.control !== null) log(`dashboard: ${run.report.control}/ (sign in with a token below)`);
          log(`control-plane tokens: viewer ${run.tokens.viewer}  operator ${run.tokens.operator}`);
          log(`e.g. curl -H 'authorization: Bearer ${run.tokens.viewer}' ${run.report.control ?? ''}/api/v1/incidents`);
          await stopSignal();
        }
      } finally {
        await run.shutdown();
      }
    });
}

function progressLine(p: DemoProgress): string {
  const versions = (c: DemoProgress['benign']): string => Object.entries(c.byVersion).map(([v, n]) => `${v} ${n}`).join(', ') || '–';
  return `        ${p.phase.padEnd(7)} ordinary ${String(p.benign.sent).padStart(5)} sent (served by ${versions(p.benign)}) · attacker ${String(p.attack.sent).padStart(4)} sent (${versions(p.attack)}; fraud approved ${p.attack.approved}) · route ${p.route}`;
}

/**
 * The human summary of a demo report.
 *
 * @example
 * summaryLines(report)[0]; // 'bulwark demo: rolled back fraud v2 → v1'
 */
export function summaryLines(r: DemoReport): string[] {
  const anomalies = r.anomalies.map((a) => `${a.rule} on ${a.version} at +${a.afterAttackMs} ms (${a.action})`).join('; ');
  return [
    '',
    `bulwark demo: rolled back fraud v2 → ${r.rolledBackTo} (${r.strategy}), breaker ${r.breaker}`,
    `  time to detect        ${r.timeToDetectMs} ms   first attacker request → ${r.detectedBy} anomaly`,
    `  time to switch        ${r.timeToSwitchMs} ms   first attacker request → route on the last-known-good version`,
    `  first LKG response    ${r.timeToLkgResponseMs ?? '–'} ms`,
    `  fraud approved        ${r.fraudApprovedBeforeSwitch} of ${r.attackRequests.beforeSwitch} attacker checkouts by v2 before the switch, ${r.fraudApprovedAfterSwitch} of ${r.attackRequests.afterSwitch} by v1 after`,
    `  untrusted requests    ${r.untrustedRequests} served by v2 in the anomalous window, marked in the ledger`,
    `  ordinary checkouts    ${r.benignRequests.total} (${r.benignRequests.approved} approved, ${r.benignRequests.errors} errors)`,
    `  anomalies             ${anomalies || 'none'}`,
    ...(r.breaker === 'frozen'
      ? [`  breaker frozen        ${r.frozenReason ?? '?'}: the attack went on against v1 too (the fault is in the traffic, not only in v2); route pinned on v1, key(s) ${r.containedKeys.join(', ') || '–'} blocked, automation stopped until \`bulwark unfreeze\``]
      : []),
    `  incident              ${r.incidentId}   bulwark incidents show ${r.incidentId} --store ${r.storePath}`,
    `  forensic bundle       ${r.forensicBundle}`,
    `  working folder        ${r.dir}`,
  ];
}

function stopSignal(): Promise<void> {
  return new Promise((done) => {
    const on = (): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      done();
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
