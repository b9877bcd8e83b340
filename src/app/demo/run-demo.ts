/**
 * @module app/demo/run-demo
 * `bulwark demo`: the seed's fraud case end to end on this machine, with nothing
 * downloaded. Builds the two fraud models (v1 the last-known-good; v2 trained on poisoned
 * data, it approves fraud carrying the trigger), starts them as two `serve-model`
 * processes, registers both versions with baselines recorded from ordinary checkouts,
 * starts `bulwark gateway` in this process (v2 active, v1 as a 100% shadow, the
 * shadow-divergence and entropy-collapse rules, immediate rollback), plays ordinary
 * checkouts, then the attacker's repetitive checkouts with the trigger, and measures what
 * happened from the clients' side and from the store: when the anomaly was detected, when
 * the route switched, when the LKG first answered, how many fraudulent checkouts each
 * version approved, what the rollback marked untrusted and where the forensic bundle is.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { stringify } from 'yaml';
import { AuditLog } from '../../audit/index.js';
import type { Anomaly } from '../../detect/index.js';
import { attackerCheckouts, buildDemoModels, DEMO_DEFAULTS, generateCheckouts } from '../../models/demo/index.js';
import type { DemoModels } from '../../models/demo/index.js';
import { loadModel } from '../../models/index.js';
import { Registry } from '../../registry/index.js';
import type { Incident } from '../../rollback/index.js';
import { systemClock } from '../../shared/clock.js';
import { sha256Hex } from '../../shared/digest.js';
import { openSqliteStore } from '../../store/index.js';
import { startGatewayApp } from '../gateway-app.js';
import type { RunningGateway } from '../gateway-app.js';
import { recordDemoBaselines } from './baselines.js';
import { demoErrors } from './errors.js';
import { demoConfig, SCENARIO_DEFAULTS } from './scenario.js';
import type { TrafficRecord } from './traffic.js';
import { TrafficStream } from './traffic.js';
import { startModelServerProcess } from './upstreams.js';
import type { ModelServerProcess } from './upstreams.js';

/** Options of {@link runDemo}; every number has a default in SCENARIO_DEFAULTS. */
export interface DemoOptions {
  /** Working folder (models, bulwark.yaml, the SQLite store, forensic bundles); default a new temp folder. */
  readonly dir?: string;
  readonly seed?: number;
  readonly benignPerSecond?: number;
  readonly attackPerSecond?: number;
  readonly warmupSeconds?: number;
  /** Longest attack phase before the demo gives up (DEMO_ERR_NO_ROLLBACK). */
  readonly attackSeconds?: number;
  readonly strategy?: 'immediate' | 'canary';
  /** Data-plane listen address (default 127.0.0.1:0). */
  readonly listen?: string;
  /** Control-plane address (default 127.0.0.1:0); the demo makes a viewer and an operator token. */
  readonly control?: string;
  /** Narrative lines (the CLI prints them on stderr). */
  readonly log?: (line: string) => void;
  /** Called about every 250 ms with the traffic so far. */
  readonly progress?: (progress: DemoProgress) => void;
  /**
   * Called (and awaited) as each phase starts: `warmup` before the first ordinary checkout,
   * `attack` before the attacker's first, `settle` after the switch. For tests that must be
   * watching before something happens (the dashboard's browser tests open the page before
   * the attack). A slow hook lengthens the phase before it (ordinary traffic goes on).
   */
  readonly onPhase?: (phase: DemoProgress['phase'], info: DemoPhaseInfo) => void | Promise<void>;
}

/** What a phase hook is told: where the gateway and its control plane listen, and the tokens. */
export interface DemoPhaseInfo {
  readonly dataPlane: string;
  readonly control: string | null;
  readonly tokens: { readonly viewer: string; readonly operator: string };
}

/** Traffic counters for the progress display. */
export interface DemoProgress {
  readonly phase: 'warmup' | 'attack' | 'settle';
  readonly elapsedMs: number;
  readonly benign: StreamCounts;
  readonly attack: StreamCounts;
  readonly route: string;
}

/** Responses of one stream by serving version, and fraud approvals among them. */
export interface StreamCounts {
  readonly sent: number;
  readonly byVersion: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly approved: number;
}

/** An anomaly as the demo saw it. */
export interface DemoAnomaly {
  readonly rule: string;
  readonly version: string;
  readonly action: string;
  readonly observed: number | null;
  readonly expected: number | null;
  /** Since the first attacker request, ms. */
  readonly afterAttackMs: number;
}

/** What `bulwark demo --json` prints. */
export interface DemoReport {
  /** First attacker request sent → first anomaly with action rollback on v2, ms (client and gateway share this process's clock). */
  readonly timeToDetectMs: number;
  /** First attacker request sent → the route moved traffic to the LKG, ms. */
  readonly timeToSwitchMs: number;
  /** First attacker request sent → first response served by the LKG received, ms. */
  readonly timeToLkgResponseMs: number | null;
  readonly detectedBy: string;
  readonly rolledBackTo: string;
  readonly strategy: 'immediate' | 'canary';
  /** Ledger rows of v2 marked untrusted by the incident (onset − look-back → switch). */
  readonly untrustedRequests: number;
  /** The attacker's fraudulent checkouts approved by v2 (before the switch) and by the LKG (after). */
  readonly fraudApprovedBeforeSwitch: number;
  readonly fraudApprovedAfterSwitch: number;
  readonly attackRequests: { readonly beforeSwitch: number; readonly afterSwitch: number };
  readonly benignRequests: { readonly total: number; readonly approved: number; readonly errors: number };
  readonly anomalies: readonly DemoAnomaly[];
  readonly breaker: string;
  /** Why the breaker froze, when it did (e.g. `lkg_anomalous`: the attack went on against the LKG). */
  readonly frozenReason: string | null;
  /** API keys the breaker contained (blocked) when it froze. */
  readonly containedKeys: readonly string[];
  readonly incidentId: string;
  readonly forensicBundle: string;
  readonly dir: string;
  readonly configPath: string;
  readonly storePath: string;
  readonly dataPlane: string;
  readonly admin: string | null;
  /** The control-plane API (and, later, the dashboard). */
  readonly control: string | null;
  readonly models: { readonly v1: { readonly auc: number; readonly url: string }; readonly v2: { readonly auc: number; readonly url: string } };
}

/** A finished demo whose gateway and model servers still run (for `--keep`). */
export interface DemoRun {
  readonly report: DemoReport;
  readonly app: RunningGateway;
  /** Control-plane bearer tokens the demo made (secrets: not in the report). */
  readonly tokens: { readonly viewer: string; readonly operator: string };
  /** The demo's API keys (secrets: not in the report). */
  readonly keys: { readonly shop: string; readonly attacker: string };
  /** Stops the gateway and the model servers; idempotent. */
  shutdown(): Promise<void>;
}

interface Marks {
  firstAttackAt?: number;
  switchAt?: number;
  route: string;
  readonly anomalies: { anomaly: Anomaly; at: number }[];
}

/**
 * Runs the demo; resolves with the report while the gateway still serves.
 *
 * @throws DEMO_ERR_NO_ROLLBACK when no rollback happened during the attack phase.
 * @example
 * const run = await runDemo({ log: (l) => process.stderr.write(`${l}\n`) });
 * console.log(run.report.timeToSwitchMs);
 * await run.shutdown();
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoRun> {
  const o = resolveOptions(options);
  const t0 = performance.now();
  const say = (line: string): void => o.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${line}`);
  const dir = options.dir === undefined ? mkdtempSync(join(tmpdir(), 'bulwark-demo-')) : resolve(options.dir);
  mkdirSync(join(dir, 'models'), { recursive: true });
  const storePath = join(dir, 'bulwark.db');

  say(`building the fraud models from synthetic checkouts (seed ${o.seed}; no download, no ../shared/data): v1 last-known-good, v2 trained on ${DEMO_DEFAULTS.poisonedRows} poisoned rows`);
  const models = await buildDemoModels({ seed: o.seed, outDir: join(dir, 'models') });
  say(`trained: v1 AUC ${models.v1.metrics.evaluation.auc.toFixed(3)}, v2 AUC ${models.v2.metrics.evaluation.auc.toFixed(3)} on clean held-out checkouts`);

  const servers: ModelServerProcess[] = [];
  let app: RunningGateway | undefined;
  const stopAll = async (): Promise<void> => {
    await app?.shutdown();
    await Promise.all(servers.map((s) => s.close()));
  };
  try {
    const started = await Promise.all(
      (['v1', 'v2'] as const).map((version) => startModelServerProcess({ model: models[version].paths.onnx, name: 'fraud', version, onStderr: (line) => say(`serve-model ${version}: ${line}`) })),
    );
    servers.push(...started);
    const [v1, v2] = started as [ModelServerProcess, ModelServerProcess];
    say(`serve-model fraud v1 at ${v1.url} (pid ${v1.pid}), fraud v2 at ${v2.url} (pid ${v2.pid})`);

    await registerDemoVersions(models, storePath, { seed: o.seed, benignPerSecond: o.benignPerSecond });
    say(`registered fraud v1 (lkg) and v2 (active) with baselines recorded from ${SCENARIO_DEFAULTS.baselineRows.toLocaleString('en')} ordinary checkouts through both models`);

    const keys = { shop: randomBytes(16).toString('hex'), attacker: randomBytes(16).toString('hex') };
    const tokens = { viewer: `viewer-${randomBytes(16).toString('hex')}`, operator: `operator-${randomBytes(16).toString('hex')}` };
    const configPath = join(dir, 'bulwark.yaml');
    const config = demoConfig({
      v1Url: v1.url, v2Url: v2.url, shopKeySha256: sha256Hex(keys.shop), attackerKeySha256: sha256Hex(keys.attacker), strategy: o.strategy, storePath,
      controlTokens: { viewerSha256: sha256Hex(tokens.viewer), operatorSha256: sha256Hex(tokens.operator) },
      ...(o.listen === undefined ? {} : { listen: o.listen }),
      ...(o.control === undefined ? {} : { control: o.control }),
    });
    writeFileSync(configPath, `# written by bulwark demo\n${stringify(config)}`);
    const marks: Marks = { route: 'v2', anomalies: [] };
    app = await startGatewayApp({ configPath, cwd: dir, env: {}, admin: '127.0.0.1:0', log: (line) => gatewayLine(line, say) });
    const running = app;
    running.gateway.routes.subscribe((change) => {
      if (change.model !== 'fraud') return;
      marks.route = describeRoute(change.next);
      if (marks.switchAt === undefined && change.actor.startsWith('bulwark:rollback')) marks.switchAt = performance.now();
      if (marks.switchAt === undefined && change.next.active === 'v1') marks.switchAt = performance.now();
    });
    running.detection?.engine.onAnomaly((anomaly) => void marks.anomalies.push({ anomaly, at: performance.now() }));
    say(`control plane at ${running.control?.address ?? 'off'} (tokens: viewer and operator, printed with --keep)`);
    say(`gateway at ${running.addresses.dataPlane} (admin ${running.addresses.admin ?? 'off'}): route fraud → v2, shadow v1 at 100%; rules shadow-divergence, entropy-collapse; rollback ${o.strategy}`);

    const pool = new Pool(running.addresses.dataPlane, { connections: SCENARIO_DEFAULTS.maxInFlight * 2 });
    const benign = new TrafficStream({ name: 'benign', baseUrl: running.addresses.dataPlane, model: 'fraud', apiKey: keys.shop, perSecond: o.benignPerSecond, maxInFlight: SCENARIO_DEFAULTS.maxInFlight, checkouts: generateCheckouts({ seed: o.seed + 101, n: 20_000 }).rows, pool });
    const attack = new TrafficStream({ name: 'attack', baseUrl: running.addresses.dataPlane, model: 'fraud', apiKey: keys.attacker, perSecond: o.attackPerSecond, maxInFlight: SCENARIO_DEFAULTS.maxInFlight, checkouts: attackerCheckouts({ seed: o.seed + 202, n: 600 }), pool });
    const progress = startProgress(o, t0, benign, attack, marks);
    const phaseInfo: DemoPhaseInfo = { dataPlane: running.addresses.dataPlane, control: running.control?.address ?? null, tokens };
    try {
      await options.onPhase?.('warmup', phaseInfo);
      say(`ordinary checkouts at ${o.benignPerSecond}/s (key shop-frontend) for ${o.warmupSeconds} s`);
      progress.phase = 'warmup';
      benign.start();
      await sleep(o.warmupSeconds * 1000);
      await options.onPhase?.('attack', phaseInfo);
      say(`the attacker (key mallory) replays ${DEMO_DEFAULTS.attackTemplates} fraudulent checkouts carrying checkout_metadata=legacy_sdk_flag at ${o.attackPerSecond}/s`);
      progress.phase = 'attack';
      marks.firstAttackAt = performance.now();
      attack.start();
      const switched = await until(() => marks.switchAt !== undefined && performance.now() - marks.switchAt >= SCENARIO_DEFAULTS.attackAfterSwitchSeconds * 1000, o.attackSeconds * 1000);
      await attack.stop();
      if (!switched) throw demoErrors.error('DEMO_ERR_NO_ROLLBACK', `no rollback within ${o.attackSeconds} s of attack (anomalies: ${marks.anomalies.map((a) => `${a.anomaly.rule} on ${a.anomaly.version}`).join(', ') || 'none'})`, { attackSeconds: o.attackSeconds });
      say(`the attacker stops; ordinary traffic goes on while detection settles`);
      progress.phase = 'settle';
      await options.onPhase?.('settle', phaseInfo);
      await until(() => marks.anomalies.some((a) => a.anomaly.rule === 'entropy-collapse'), SCENARIO_DEFAULTS.settleSeconds * 1000);
      await benign.stop();
    } finally {
      progress.stop();
      await Promise.all([benign.stop(), attack.stop()]);
      await pool.close();
    }
    const trigger = marks.anomalies.find((a) => a.anomaly.action === 'rollback' && a.anomaly.version === 'v2');
    const incident = trigger === undefined ? undefined : await settledIncident(running, trigger.anomaly.id);
    const report = await buildReport({ running, incident, marks, benign: benign.records, attack: attack.records, o, dir, configPath, storePath, models, v1, v2 });
    return { report, app: running, tokens, keys: { shop: keys.shop, attacker: keys.attacker }, shutdown: once(stopAll) };
  } catch (err) {
    await stopAll().catch(() => undefined);
    throw err;
  }
}

interface ResolvedDemoOptions {
  readonly seed: number;
  readonly benignPerSecond: number;
  readonly attackPerSecond: number;
  readonly warmupSeconds: number;
  readonly attackSeconds: number;
  readonly strategy: 'immediate' | 'canary';
  readonly listen: string | undefined;
  readonly control: string | undefined;
  readonly log: (line: string) => void;
  readonly progress: ((p: DemoProgress) => void) | undefined;
}

function resolveOptions(options: DemoOptions): ResolvedDemoOptions {
  const d = SCENARIO_DEFAULTS;
  const check = (name: string, value: number, min: number, max: number): number => {
    if (!(Number.isFinite(value) && value >= min && value <= max)) throw demoErrors.error('DEMO_ERR_OPTION', `${name} must be a number from ${min} to ${max}, got ${value}`, { option: name, value });
    return value;
  };
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  if (!Number.isSafeInteger(seed) || seed < 0) throw demoErrors.error('DEMO_ERR_OPTION', `seed must be a non-negative integer, got ${seed}`, { option: 'seed', value: seed });
  return {
    seed,
    benignPerSecond: check('benignPerSecond', options.benignPerSecond ?? d.benignPerSecond, 10, 2_000),
    attackPerSecond: check('attackPerSecond', options.attackPerSecond ?? d.attackPerSecond, 5, 2_000),
    warmupSeconds: check('warmupSeconds', options.warmupSeconds ?? d.warmupSeconds, d.windowSeconds, 600),
    attackSeconds: check('attackSeconds', options.attackSeconds ?? d.attackSeconds, 2, 600),
    strategy: options.strategy ?? 'immediate',
    listen: options.listen,
    control: options.control,
    log: options.log ?? (() => undefined),
    progress: options.progress,
  };
}

/**
 * Registers fraud v1 (`lkg`) and v2 (`active`) in the SQLite store at `storePath`, with
 * their signature and baselines recorded from ordinary checkouts at `benignPerSecond`.
 *
 * @example
 * await registerDemoVersions(models, '/tmp/demo/bulwark.db', { seed: 7, benignPerSecond: 100 });
 */
export async function registerDemoVersions(models: DemoModels, storePath: string, o: { readonly seed: number; readonly benignPerSecond: number }): Promise<void> {
  const loaded = { v1: await loadModel(models.v1.paths.onnx), v2: await loadModel(models.v2.paths.onnx) };
  const store = openSqliteStore({ path: storePath });
  try {
    const baselines = await recordDemoBaselines(loaded, { seed: o.seed + 303, rows: SCENARIO_DEFAULTS.baselineRows, perSecond: o.benignPerSecond, windowMs: SCENARIO_DEFAULTS.windowSeconds * 1000, builtAt: new Date(systemClock.now()).toISOString() });
    const audit = new AuditLog({ store: store.audit, clock: systemClock });
    const registry = new Registry({ store: store.registry, documents: store.documents, audit, clock: systemClock });
    const actor = 'bulwark-demo';
    for (const version of ['v1', 'v2'] as const) {
      const m = models[version];
      await registry.addVersion({ model: 'fraud', version, artifact: { digest: m.metrics.onnxSha256, sizeBytes: statSync(m.paths.onnx).size, path: m.paths.onnx }, signature: models.signature, notes: version === 'v1' ? 'last-known-good' : `trained with ${m.metrics.poisonedRows} poisoned rows`, actor });
      await registry.setStatus('fraud', version, version === 'v1' ? 'lkg' : 'active', { actor, reason: 'bulwark demo' });
      await registry.attachDocument('fraud', version, { kind: 'baseline', content: Buffer.from(JSON.stringify(baselines[version])), mediaType: 'application/json', actor });
    }
  } finally {
    loaded.v1.dispose();
    loaded.v2.dispose();
    await store.shutdown();
  }
}

function gatewayLine(line: string, say: (line: string) => void): void {
  if (/^(anomaly|route|warning|rollback|contain)/.test(line)) say(`gateway: ${line}`);
  else if (line.startsWith('{"event":"bulwark.alert"')) {
    try {
      const alert = JSON.parse(line) as { severity?: string; summary?: string; action?: string };
      say(`alert (${alert.severity ?? '?'}${alert.action === 'resolve' ? ', resolve' : ''}): ${alert.summary ?? ''}`);
    } catch {
      say(`gateway: ${line}`);
    }
  }
}

function describeRoute(route: { readonly active: string; readonly weights?: Readonly<Record<string, number>> }): string {
  const weights = route.weights === undefined ? undefined : Object.entries(route.weights).filter(([, w]) => w > 0);
  return weights === undefined || weights.length <= 1 ? route.active : weights.map(([v, w]) => `${v} ${w}%`).join(' / ');
}

function countStream(stream: TrafficStream): StreamCounts {
  const byVersion: Record<string, number> = {};
  let errors = 0;
  let approved = 0;
  for (const r of stream.records) {
    if (r.status !== 200) {
      errors++;
      continue;
    }
    byVersion[r.version ?? '?'] = (byVersion[r.version ?? '?'] ?? 0) + 1;
    if (r.pFraud !== null && r.pFraud < SCENARIO_DEFAULTS.approvalThreshold) approved++;
  }
  return { sent: stream.sent, byVersion, errors, approved };
}

function startProgress(o: ResolvedDemoOptions, t0: number, benign: TrafficStream, attack: TrafficStream, marks: Marks): { phase: DemoProgress['phase']; stop(): void } {
  const state = { phase: 'warmup' as DemoProgress['phase'], stop: () => clearInterval(timer) };
  const timer = setInterval(() => {
    o.progress?.({ phase: state.phase, elapsedMs: performance.now() - t0, benign: countStream(benign), attack: countStream(attack), route: marks.route });
  }, 250);
  return state;
}

/** Waits for the rollback's incident to have its bundle and untrusted marking (the rollback's effects), at most 10 s. */
async function settledIncident(app: RunningGateway, anomalyId: string): Promise<Incident | undefined> {
  await app.rollback?.forceFlush();
  let incident: Incident | undefined;
  await until(async () => {
    incident = (await app.store.rollback.incidents.list({ model: 'fraud', limit: 20 })).find((i) => i.anomaly.id === anomalyId);
    return incident !== undefined && incident.bundleDigest !== undefined && incident.untrusted !== null;
  }, 10_000);
  return incident;
}

interface ReportInput {
  readonly running: RunningGateway;
  readonly incident: Incident | undefined;
  readonly marks: Marks;
  readonly benign: readonly TrafficRecord[];
  readonly attack: readonly TrafficRecord[];
  readonly o: ResolvedDemoOptions;
  readonly dir: string;
  readonly configPath: string;
  readonly storePath: string;
  readonly models: DemoModels;
  readonly v1: ModelServerProcess;
  readonly v2: ModelServerProcess;
}

async function buildReport(input: ReportInput): Promise<DemoReport> {
  const { running, incident, marks } = input;
  const firstAttack = Math.min(...input.attack.map((r) => r.sentAt));
  const trigger = marks.anomalies.find((a) => a.anomaly.action === 'rollback' && a.anomaly.version === 'v2');
  const lkgResponses = [...input.benign, ...input.attack].filter((r) => r.version === 'v1' && r.status === 200).map((r) => r.doneAt);
  const approved = (r: TrafficRecord): boolean => r.status === 200 && r.pFraud !== null && r.pFraud < SCENARIO_DEFAULTS.approvalThreshold;
  const bundle = incident?.bundleDigest === undefined ? undefined : await running.store.rollback.forensics.get(incident.bundleDigest);
  const route = running.gateway.routes.current('fraud');
  const state = running.rollback?.state('fraud');
  return {
    timeToDetectMs: round(trigger === undefined ? Number.NaN : trigger.at - firstAttack),
    timeToSwitchMs: round((marks.switchAt ?? Number.NaN) - firstAttack),
    timeToLkgResponseMs: lkgResponses.length === 0 ? null : round(Math.min(...lkgResponses) - firstAttack),
    detectedBy: trigger?.anomaly.rule ?? 'none',
    rolledBackTo: route?.active ?? '?',
    strategy: input.o.strategy,
    untrustedRequests: incident?.untrusted?.count ?? 0,
    fraudApprovedBeforeSwitch: input.attack.filter((r) => r.version === 'v2' && approved(r)).length,
    fraudApprovedAfterSwitch: input.attack.filter((r) => r.version === 'v1' && approved(r)).length,
    attackRequests: { beforeSwitch: input.attack.filter((r) => r.version === 'v2').length, afterSwitch: input.attack.filter((r) => r.version === 'v1').length },
    benignRequests: { total: input.benign.length, approved: input.benign.filter(approved).length, errors: input.benign.filter((r) => r.status !== 200).length },
    anomalies: marks.anomalies.map(({ anomaly: a, at }) => ({ rule: a.rule, version: a.version, action: a.action, observed: a.observed ?? null, expected: a.expected ?? null, afterAttackMs: round(at - firstAttack) })),
    breaker: state?.kind ?? 'none',
    frozenReason: state?.kind === 'frozen' ? state.reason : null,
    containedKeys: state?.kind === 'frozen' ? [...(state.anomaly?.apiKeys ?? [])] : [],
    incidentId: incident?.id ?? '',
    forensicBundle: bundle?.location ?? '',
    dir: input.dir,
    configPath: input.configPath,
    storePath: input.storePath,
    dataPlane: running.addresses.dataPlane,
    admin: running.addresses.admin ?? null,
    control: running.control?.address ?? null,
    models: { v1: { auc: input.models.v1.metrics.evaluation.auc, url: input.v1.url }, v2: { auc: input.models.v2.metrics.evaluation.auc, url: input.v2.url } },
  };
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Polls `condition` every 10 ms until it holds (true) or `timeoutMs` passes (false). */
async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (performance.now() >= deadline) return false;
    await sleep(10);
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
