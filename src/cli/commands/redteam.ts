/**
 * @module cli/commands/redteam
 * `bulwark redteam run --suite FILE.yaml --report-dir DIR [--register] [--baseline FILE]`:
 * runs a red-team suite (models, datasets, attacks, gates) and writes report.json,
 * junit.xml, summary.md and report.html. Gates compare with --baseline, else with the
 * report registered for each model's LKG; --register attaches report.json to each model's
 * registry version (kind `redteam-report`). This file is the adapter: it reads the suite,
 * opens models (files through the runtimes, URLs through the remote client), reaches the
 * registry through the store, and maps outcomes to exit codes: 0 every gate passed, 1 a
 * gate failed, 2 an error (of any kind: a CI step must tell "less robust" from "broken").
 * See docs/redteam.md.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { readFileBytes, readStructuredFile } from '../../app/files.js';
import { openServices, resolveStoreTarget } from '../../app/services.js';
import type { Services } from '../../app/services.js';
import { loadModel } from '../../models/index.js';
import { RemoteModel } from '../../models/remote/index.js';
import { reportJson, writeReports } from '../../redteam/report/index.js';
import type { RedteamReport, ReportFiles } from '../../redteam/report/index.js';
import { SUITE_DEFAULTS, parseSuite, runSuite, suiteErrors } from '../../redteam/suite/index.js';
import type { ModelOpener, Suite, SuiteDeps, SuiteRegistry } from '../../redteam/suite/index.js';
import type { Registry, VersionView } from '../../registry/index.js';
import { systemClock } from '../../shared/clock.js';
import { sha256Hex } from '../../shared/digest.js';
import { isBulwarkError } from '../../shared/errors.js';
import type { CliContext } from '../context.js';
import { cliErrors } from '../errors.js';
import { addActorOption, addStoreOptions, printJson, resolveActor } from '../shared-options.js';
import type { StoreOptions } from '../shared-options.js';

const BULWARK_VERSION = '0.1.0';

const HELP = `
The suite file (YAML or JSON) names models (artifact, url or train), datasets (path or holdoutOf),
attacks (attack id, threat model, curve of ε points, params) and gates (metric with min, max,
maxIncrease, maxDecrease). Relative paths are resolved from the suite file; "shared:PATH" from
../shared/data beside the project (or $BULWARK_SHARED_DATA). Example: examples/redteam/suite.yaml.

Regression gates compare with --baseline FILE, else with the report registered for each model's
LKG version (models with registry: { model, version }); without either they are skipped.
--register attaches report.json to each model's registry version (kind redteam-report).

Exit codes: 0 every gate passed, 1 a gate failed, 2 an error (invalid suite, missing file or
model, unreadable baseline, registry problem, a failed model call).
Docs: docs/redteam.md`;

interface RunOptions extends StoreOptions {
  suite: string;
  reportDir: string;
  register?: boolean;
  baseline?: string;
  actor?: string;
  json?: boolean;
  quiet?: boolean;
}

/** BULWARK_SHARED_DATA, else ../shared/data beside the project root (the folder holding package.json). */
function sharedDataDir(ctx: CliContext): string {
  const fromEnv = ctx.env['BULWARK_SHARED_DATA'];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(ctx.cwd, fromEnv);
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(resolve(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return resolve(dir, '..', 'shared', 'data');
}

const opener: ModelOpener = {
  async open(source, o) {
    if (source.kind === 'url') {
      return RemoteModel.connect(source.url, { ...(source.apiKey === undefined ? {} : { apiKey: source.apiKey }), ...(source.timeoutMs === undefined ? {} : { timeoutMs: source.timeoutMs }), ...(source.outputKind === undefined ? {} : { outputKind: source.outputKind }) });
    }
    return loadModel(source.path, { differentiable: o.differentiable });
  },
};

/** Parsed JSON of a registry document, or undefined when it is not JSON. */
async function readJsonDocument(registry: Registry, digest: string): Promise<unknown> {
  const doc = await registry.readDocument(digest);
  if (doc === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(doc.content).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function newest(view: VersionView, kind: string): string | undefined {
  return [...view.documents].filter((d) => d.kind === kind).sort((a, b) => b.attachedAt - a.attachedAt)[0]?.digest;
}

/** The registry as the suite reads it. */
function suiteRegistry(registry: Registry): SuiteRegistry {
  const versions = async (model: string): Promise<VersionView[]> => {
    try {
      return await registry.list(model);
    } catch (err) {
      if (isBulwarkError(err) && err.code === 'REG_ERR_UNKNOWN_MODEL') return [];
      throw err;
    }
  };
  const lkgOf = (views: VersionView[]): VersionView | undefined => views.filter((v) => v.status === 'lkg').sort((a, b) => b.record.createdAt - a.record.createdAt)[0];
  const manifestOf = async (view: VersionView): Promise<unknown> => {
    const digest = view.record.datasetManifestDigest ?? newest(view, SUITE_DEFAULTS.manifestKind);
    return digest === undefined ? undefined : readJsonDocument(registry, digest);
  };
  return {
    async lkgReport(model) {
      const lkg = lkgOf(await versions(model));
      const digest = lkg === undefined ? undefined : newest(lkg, SUITE_DEFAULTS.reportKind);
      if (lkg === undefined || digest === undefined) return undefined;
      return { version: lkg.record.version, digest, report: await readJsonDocument(registry, digest) };
    },
    async manifests(model, version) {
      const view = await registry.getVersion(model, version);
      const lkg = lkgOf(await versions(model));
      const mine = await manifestOf(view);
      const theirs = lkg === undefined ? undefined : await manifestOf(lkg);
      return { ...(mine === undefined ? {} : { version: mine }), ...(lkg === undefined ? {} : { lkg: { version: lkg.record.version, ...(theirs === undefined ? {} : { manifest: theirs }) } }) };
    },
  };
}

async function readSuite(ctx: CliContext, file: string): Promise<{ suite: Suite; sha256: string; path: string }> {
  const path = resolve(ctx.cwd, file);
  if (!existsSync(path)) throw cliErrors.error('CLI_ERR_FILE_NOT_FOUND', `${path}: no such suite file`, { path });
  const { value, bytes } = await readStructuredFile(path, (m) => suiteErrors.error('RTM_ERR_SUITE_INVALID', m, { file }));
  return { suite: parseSuite(value, file), sha256: sha256Hex(bytes), path };
}

/** Opens the store when the suite names registry versions (or --register); undefined with the reason otherwise. */
async function openRegistry(ctx: CliContext, suite: Suite, opts: RunOptions): Promise<{ services?: Services; note?: string }> {
  const bound = Object.values(suite.models).some((m) => m.registry !== undefined);
  if (opts.register === true) {
    const unbound = Object.entries(suite.models).filter(([, m]) => m.registry === undefined).map(([id]) => id);
    if (unbound.length > 0) throw suiteErrors.error('RTM_ERR_REPORT_REGISTER', `--register: model${unbound.length === 1 ? '' : 's'} ${unbound.join(', ')} name${unbound.length === 1 ? 's' : ''} no registry version (add registry: { model, version } in the suite)`, { models: unbound });
  }
  if (!bound) return { note: 'the suite names no registry version' };
  const open = { cwd: ctx.cwd, env: ctx.env, ...(opts.store === undefined ? {} : { storePath: opts.store }), ...(opts.config === undefined ? {} : { configPath: opts.config }) };
  const target = await resolveStoreTarget(open);
  if (target.kind === 'memory') return { note: 'store.kind memory holds no registry' };
  // Reading a baseline must not create a store as a side effect on a fresh checkout.
  if (target.kind === 'sqlite' && !existsSync(target.path) && opts.register !== true) return { note: `no store at ${target.path}` };
  const services = await openServices(open);
  if (opts.register === true) {
    for (const m of Object.values(suite.models)) if (m.registry !== undefined) await services.registry.getVersion(m.registry.model, m.registry.version).catch(async (err: unknown) => {
      await services.shutdown();
      throw err;
    });
  }
  return { services };
}

async function attachReports(services: Services, suite: Suite, report: RedteamReport, actor: string): Promise<{ model: string; version: string; digest: string }[]> {
  const content = Buffer.from(reportJson(report));
  const out: { model: string; version: string; digest: string }[] = [];
  for (const m of Object.values(suite.models)) {
    if (m.registry === undefined) continue;
    const digest = await services.registry.attachDocument(m.registry.model, m.registry.version, { kind: SUITE_DEFAULTS.reportKind, content, mediaType: 'application/json', actor });
    out.push({ model: m.registry.model, version: m.registry.version, digest });
  }
  return out;
}

function printOutcome(ctx: CliContext, report: RedteamReport, files: ReportFiles, registered: readonly { model: string; version: string; digest: string }[], json: boolean): void {
  if (json) {
    printJson(ctx, { passed: report.passed, summary: report.summary, wall_time_seconds: report.wall_time_seconds, files, registered, failed: report.gates.filter((g) => g.status === 'failed').map((g) => g.message) });
    return;
  }
  for (const g of report.gates) if (g.status !== 'passed') ctx.io.out(`${g.status === 'failed' ? 'FAIL' : 'skip'} ${g.id} ${g.message}`);
  const s = report.summary;
  ctx.io.out(`${report.passed ? 'PASSED' : 'FAILED'}: ${s.passed} gate${s.passed === 1 ? '' : 's'} passed, ${s.failed} failed, ${s.skipped} skipped (${report.wall_time_seconds.toFixed(1)} s)`);
  ctx.io.out(`wrote ${files.json}, ${files.junit}, ${files.markdown}, ${files.html}`);
  for (const r of registered) ctx.io.out(`attached redteam-report sha256:${r.digest} to ${r.model} ${r.version}`);
}

async function runCommand(ctx: CliContext, opts: RunOptions): Promise<void> {
  const { suite, sha256 } = await readSuite(ctx, opts.suite);
  const suiteDir = dirname(resolve(ctx.cwd, opts.suite));
  const baseline = opts.baseline === undefined ? undefined : await readBaseline(ctx, opts.baseline);
  const reportDir = resolve(ctx.cwd, opts.reportDir);
  const { services, note } = await openRegistry(ctx, suite, opts);
  try {
    const shared = sharedDataDir(ctx);
    const deps: SuiteDeps = {
      models: opener,
      ...(services === undefined ? {} : { registry: suiteRegistry(services.registry) }),
      ...(note === undefined ? {} : { registryNote: note }),
      resolvePath: (p) => (p.startsWith('shared:') ? resolve(shared, p.slice('shared:'.length)) : resolve(suiteDir, p)),
      env: ctx.env,
      clock: systemClock,
      monotonic: () => performance.now(),
      workDir: join(reportDir, 'models'),
      log: (line) => {
        if (opts.quiet !== true) ctx.io.err(line);
      },
    };
    const report = await runSuite(suite, deps, { file: opts.suite, sha256, bulwarkVersion: BULWARK_VERSION, ...(baseline === undefined ? {} : { baseline }) });
    const files = await writeReports(report, reportDir);
    const registered = opts.register === true && services !== undefined ? await attachReports(services, suite, report, resolveActor(ctx, opts.actor)) : [];
    printOutcome(ctx, report, files, registered, opts.json === true);
    ctx.setExitCode(report.passed ? 0 : 1);
  } finally {
    await services?.shutdown();
  }
}

async function readBaseline(ctx: CliContext, file: string): Promise<{ report: unknown; ref: string }> {
  const path = resolve(ctx.cwd, file);
  if (!existsSync(path)) throw cliErrors.error('CLI_ERR_FILE_NOT_FOUND', `${path}: no such baseline report`, { path });
  const text = Buffer.from(await readFileBytes(path)).toString('utf8');
  try {
    return { report: JSON.parse(text) as unknown, ref: file };
  } catch (err) {
    throw suiteErrors.error('RTM_ERR_REPORT_BASELINE', `${file}: not JSON: ${(err as Error).message}`, { source: file }, err);
  }
}

/** Prints an error as `bulwark` does, and exits 2 whatever its kind (1 means "a gate failed"). */
function reportError(ctx: CliContext, err: unknown): void {
  const code = isBulwarkError(err) ? err.code : 'CLI_ERR_INTERNAL';
  ctx.io.err(`error ${code}: ${err instanceof Error ? err.message : String(err)}`);
  const problems = isBulwarkError(err) ? err.details['problems'] : undefined;
  if (Array.isArray(problems)) for (const p of problems) ctx.io.err(`  ${String(p)}`);
  if (ctx.env['BULWARK_DEBUG'] && err instanceof Error && err.stack) ctx.io.err(err.stack);
  ctx.setExitCode(2);
}

/**
 * Registers `bulwark redteam`.
 *
 * @example
 * register(new Command('bulwark'), ctx); // then: bulwark redteam run --suite examples/redteam/suite.yaml --report-dir out
 */
export function register(program: Command, ctx: CliContext): void {
  const redteam = program.command('redteam').description('Red-team suites for CI: attacks under stated threat models, reports, and release gates.');
  const run = redteam
    .command('run')
    .description('Run a red-team suite and write report.json, junit.xml, summary.md and report.html; exit 1 when a gate fails.')
    .requiredOption('--suite <file.yaml>', 'the suite: models, datasets, attacks with budgets, gates')
    .requiredOption('--report-dir <dir>', 'folder for the reports (created; trained models go to DIR/models)')
    .option('--baseline <report.json>', 'a previous report to compare with (default: each registered model\'s LKG report)')
    .option('--register', 'attach report.json to each model\'s registry version (kind redteam-report)')
    .option('--json', 'print the outcome as one JSON object on stdout')
    .option('--quiet', 'no progress lines on stderr')
    .addHelpText('after', HELP);
  addStoreOptions(addActorOption(run)).action(async (opts: RunOptions) => {
    try {
      await runCommand(ctx, opts);
    } catch (err) {
      reportError(ctx, err);
    }
  });
}
