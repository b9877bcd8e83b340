/**
 * @module app/demo/scenario
 * The demo's scenario, written once: traffic rates and phases, the two detection rules of
 * the seed's fraud case, and the bulwark.yaml the demo's gateway runs on (pure: from the
 * upstream URLs and the API keys' digests to a config object).
 */
import { DEMO_DEFAULTS } from '../../models/demo/index.js';

/** Defaults of `bulwark demo` and `bench:rollback`. */
export const SCENARIO_DEFAULTS = Object.freeze({
  /** Ordinary checkouts per second (API key `shop-frontend`). */
  benignPerSecond: 100,
  /** The attacker's checkouts per second (API key `mallory`). */
  attackPerSecond: 50,
  /**
   * Ordinary traffic before the attack, s. At least the entropy rule's window: window
   * statistics that depend on the number of events wait for one full window.
   */
  warmupSeconds: 6,
  /** The attacker keeps sending this long after the route switched (to count approvals by the LKG), s. */
  attackAfterSwitchSeconds: 1.5,
  /** Longest attack phase, s; the demo fails with DEMO_ERR_NO_ROLLBACK when no rollback happened by then. */
  attackSeconds: 20,
  /** After the switch, ordinary traffic goes on until the entropy rule has judged the attack, at most this long, s. */
  settleSeconds: 6,
  /** Requests in flight at most per traffic stream. */
  maxInFlight: 64,
  /** Window of the entropy rule, s. */
  windowSeconds: 5,
  /** Window of the shadow-divergence rule, s. */
  shadowWindowSeconds: 2,
  /** Ordinary checkouts the baselines are recorded from. */
  baselineRows: 30_000,
  /** P(fraud) below this approves a checkout (the models' cost-based cut-off). */
  approvalThreshold: DEMO_DEFAULTS.approvalThreshold,
  /** Ledger rows of the suspect version this long before the offending window are marked untrusted too, s. */
  lookbackSeconds: 2,
});

/** The rules the demo's gateway judges every version by (docs/detection.md). */
export const DEMO_RULES = Object.freeze([
  Object.freeze({
    id: 'shadow-divergence',
    // v1 runs as a 100% shadow: on ordinary checkouts the two versions disagree on ~0.4% of them.
    when: 'rate(shadow_disagree) > max(0.05, baseline + 3 sigma)',
    // Short: the rate of a 2 s window moves after a dozen disagreements at the demo's rates.
    window: `${SCENARIO_DEFAULTS.shadowWindowSeconds}s`,
    minEvents: 20,
    severity: 'page',
    action: 'rollback',
  }),
  Object.freeze({
    id: 'entropy-collapse',
    // Normalised (bits / log2 n) so that the rate of traffic does not move it; the floor keeps
    // a narrow baseline band (±0.002) from paging on a burst of ordinary repeat customers.
    when: 'entropy_normalized(input_fingerprint) < min(0.95, baseline.p01)',
    window: `${SCENARIO_DEFAULTS.windowSeconds}s`,
    minEvents: 50,
    holdFor: '2s',
    severity: 'page',
    action: 'rollback',
  }),
]);

/** What the demo config is built from. */
export interface DemoConfigInput {
  readonly v1Url: string;
  readonly v2Url: string;
  /** sha256 (hex) of the API keys. */
  readonly shopKeySha256: string;
  readonly attackerKeySha256: string;
  /** `immediate` (the demo) or `canary` (bench:rollback's second series). */
  readonly strategy?: 'immediate' | 'canary';
  readonly canarySteps?: readonly number[];
  readonly canaryVerifySeconds?: number;
  /** Loop guard: rollbacks per hour (the bench restores the route between trials). */
  readonly maxRollbacks?: number;
  readonly listen?: string;
  readonly storePath: string;
  /** Control-plane tokens (sha256 of viewer and operator tokens); with them the control plane listens on `control`. */
  readonly controlTokens?: { readonly viewerSha256: string; readonly operatorSha256: string };
  /** Control-plane address (default 127.0.0.1:0). */
  readonly control?: string;
}

/**
 * The bulwark.yaml of the demo as an object: model `fraud` with v1 (LKG) and v2 (active),
 * v1 as a 100% shadow, the entropy and schema inspectors, the two rules, immediate
 * rollback, two API keys.
 *
 * @example
 * writeFileSync('bulwark.yaml', stringify(demoConfig({ v1Url, v2Url, shopKeySha256, attackerKeySha256, storePath: 'bulwark.db' })));
 */
export function demoConfig(input: DemoConfigInput): Record<string, unknown> {
  const limit = { perSecond: 5_000, burst: 5_000 };
  return {
    server: { listen: input.listen ?? '127.0.0.1:0', control: input.control ?? '127.0.0.1:0' },
    store: { kind: 'sqlite', path: input.storePath },
    ...(input.controlTokens === undefined
      ? {}
      : {
          control: {
            tokens: [
              { id: 'demo-viewer', sha256: input.controlTokens.viewerSha256, role: 'viewer' },
              { id: 'demo-operator', sha256: input.controlTokens.operatorSha256, role: 'operator' },
            ],
          },
        }),
    keys: [
      { id: 'shop-frontend', sha256: input.shopKeySha256, rateLimit: limit },
      { id: 'mallory', sha256: input.attackerKeySha256, rateLimit: limit },
    ],
    ledger: { flushIntervalMs: 20 },
    // The log sink: alerts show on the gateway's log and on the control plane's event stream.
    alerts: { sinks: [{ kind: 'log' }] },
    models: {
      fraud: {
        protocol: 'oip-v2',
        versions: { v1: { upstream: input.v1Url }, v2: { upstream: input.v2Url } },
        route: { active: 'v2', lkg: 'v1', shadow: { version: 'v1', percent: 100 } },
        inspectors: ['schema', 'entropy', 'output'],
        rules: DEMO_RULES.map((r) => ({ ...r })),
        rollback: {
          strategy: input.strategy ?? 'immediate',
          ...(input.strategy === 'canary' ? { canary: { steps: [...(input.canarySteps ?? [5, 100])], verifySeconds: input.canaryVerifySeconds ?? 2 } } : {}),
          loopGuard: { maxRollbacks: input.maxRollbacks ?? 2, perMinutes: 60 },
          forensics: { ringEvents: 2_000, redactPii: true, retentionDays: 30 },
          untrusted: { lookbackSeconds: SCENARIO_DEFAULTS.lookbackSeconds },
        },
      },
    },
  };
}
