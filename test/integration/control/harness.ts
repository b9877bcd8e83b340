/**
 * @module test/integration/control/harness
 * A real `bulwark gateway` (startGatewayApp on SQLite in a temp folder, fixture model
 * servers on real sockets) with its control plane (startControlPlane) on port 0, three
 * tokens (viewer, operator, admin), and small HTTP and SSE clients for the tests.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startControlPlane } from '../../../src/app/control-app.js';
import type { RunningControlPlane } from '../../../src/app/control-app.js';
import { startGatewayApp } from '../../../src/app/gateway-app.js';
import type { RunningGateway } from '../../../src/app/gateway-app.js';
import type { BulwarkConfigInput } from '../../../src/config/index.js';
import type { AlertFeed, StreamLimits, Timers } from '../../../src/control/index.js';
import { sha256Hex } from '../../../src/shared/digest.js';
import { startFixtureUpstream } from '../../helpers/fixture-upstream.js';
import type { FixtureUpstream } from '../../helpers/fixture-upstream.js';

/** The raw tokens; the config holds their sha256. */
export const TOKENS = Object.freeze({ viewer: 'viewer-token-1', operator: 'operator-token-2', admin: 'admin-token-3' });
export const TOKEN_IDS = Object.freeze({ viewer: 'vic', operator: 'olga', admin: 'ada' });
export type Role = keyof typeof TOKENS;
export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

/** A gateway with its control plane. */
export interface ControlHarness {
  readonly dir: string;
  readonly app: RunningGateway;
  readonly control: RunningControlPlane;
  readonly upstreams: Readonly<Record<'v1' | 'v2' | 'v3' | 'a1', FixtureUpstream>>;
  readonly logs: string[];
  readonly errors: Error[];
  /** One JSON call to the control plane. */
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  /** One OIP infer request to `fraud` on the data plane; resolves to the version that served it. */
  infer(): Promise<string | null>;
  close(): Promise<void>;
}

export interface CallOptions {
  readonly role?: Role;
  /** A raw token (overrides `role`). */
  readonly token?: string;
  readonly body?: unknown;
  /** Sent as is (no JSON encoding). */
  readonly raw?: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  // Tests read arbitrary JSON.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

/** Options of {@link startControlHarness}. */
export interface HarnessOptions {
  readonly stream?: Partial<StreamLimits>;
  readonly timers?: Timers;
  readonly alerts?: AlertFeed;
  readonly control?: Record<string, unknown>;
  /** Extra fields of `models.fraud.rollback`. */
  readonly rollback?: Record<string, unknown>;
  /** The `alerts:` section (sinks, …). */
  readonly alertsConfig?: Record<string, unknown>;
}

/**
 * @example
 * const h = await startControlHarness();
 * const { status, body } = await h.call('GET', '/api/v1/models', { role: 'viewer' });
 * await h.close();
 */
export async function startControlHarness(options: HarnessOptions = {}): Promise<ControlHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-control-'));
  const [v1, v2, v3, a1] = (await Promise.all(['v1', 'v2', 'v3', 'a1'].map((v) => startFixtureUpstream(v)))) as [FixtureUpstream, FixtureUpstream, FixtureUpstream, FixtureUpstream];
  const upstreams = { v1, v2, v3, a1 };
  const config: BulwarkConfigInput = {
    server: { listen: '127.0.0.1:0', admin: '127.0.0.1:0', control: '127.0.0.1:0' },
    anonymous: true,
    ledger: { flushIntervalMs: 20 },
    ...(options.alertsConfig === undefined ? {} : { alerts: options.alertsConfig }),
    control: {
      tokens: ROLES.map((role) => ({ id: TOKEN_IDS[role], sha256: sha256Hex(TOKENS[role]), role })),
      maxBodyBytes: 4_096,
      ...options.control,
    },
    models: {
      fraud: {
        protocol: 'oip-v2',
        versions: { v1: { upstream: v1.url }, v2: { upstream: v2.url }, v3: { upstream: v3.url } },
        route: { active: 'v2', lkg: 'v1' },
        rules: [{ id: 'error-surge', when: 'rate(error) > 0.5', window: '10s', minEvents: 20, severity: 'page', action: 'rollback' }],
        rollback: { canary: { steps: [5, 100], verifySeconds: 0 }, ...options.rollback },
      },
      assistant: { protocol: 'openai', versions: { a1: { upstream: a1.url } }, route: { active: 'a1' }, inspectors: ['pii'] },
    },
  };
  writeFileSync(join(dir, 'bulwark.yaml'), stringify(config));
  const logs: string[] = [];
  const errors: Error[] = [];
  // `control: null`: should startGatewayApp start a control plane of its own, not here (this one is started below with the test's options).
  const gatewayOptions = { configPath: 'bulwark.yaml', cwd: dir, env: {}, log: (l: string) => void logs.push(l), rollback: { commandPollMs: 50 }, control: null };
  const app = await startGatewayApp(gatewayOptions);
  const control = await startControlPlane(app, app.watcher.current(), {
    configPath: join(dir, 'bulwark.yaml'),
    env: {},
    log: (l) => void logs.push(l),
    onError: (e) => void errors.push(e),
    listen: '127.0.0.1:0',
    ...(options.stream === undefined ? {} : { stream: options.stream }),
    ...(options.timers === undefined ? {} : { timers: options.timers }),
    ...(options.alerts === undefined ? {} : { alerts: options.alerts }),
  });
  return {
    dir,
    app,
    control,
    upstreams,
    logs,
    errors,
    call: (method, path, callOptions = {}) => call(control.address, method, path, callOptions),
    async infer() {
      const res = await fetch(`${app.addresses.dataPlane}/v2/models/fraud/infer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ inputs: [{ name: 'x', shape: [1, 2], datatype: 'FP32', data: [1, 2] }] }) });
      await res.arrayBuffer();
      return res.headers.get('x-model-version');
    },
    async close() {
      await control.shutdown();
      await app.shutdown();
      await Promise.all(Object.values(upstreams).map((u) => u.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One request over node:http (no fetch: tests send what a browser would not). */
export function call(base: string, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const token = options.token ?? (options.role === undefined ? undefined : TOKENS[options.role]);
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = {
    ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    ...(payload === undefined || options.raw !== undefined ? {} : { 'content-type': 'application/json' }),
    ...(payload === undefined || options.headers?.['transfer-encoding'] !== undefined ? {} : { 'content-length': String(Buffer.byteLength(payload)) }),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
