/**
 * @module cli/commands/gateway
 * `bulwark gateway`: runs the data plane (OIP v2 and OpenAI-compatible proxy) and the admin
 * port until SIGTERM or SIGINT, then drains in-flight requests, flushes the decision ledger
 * and exits 0. Config reloads, rejected reloads, route switches and warnings go to stderr.
 */
import type { Command } from 'commander';
import { startGatewayApp } from '../../app/gateway-app.js';
import type { CliContext } from '../context.js';
import { printJson } from '../shared-options.js';

interface GatewayOptions {
  config: string;
  listen?: string;
  admin?: string;
  control?: string;
  store?: string;
  json?: boolean;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export function register(program: Command, ctx: CliContext): void {
  program
    .command('gateway')
    .description('Run the gateway: data plane on server.listen, /metrics /healthz /readyz on server.admin, the control-plane API on server.control (docs/gateway.md, docs/control-plane.md).')
    .option('--config <file>', 'bulwark.yaml (watched: valid changes apply without a restart)', 'bulwark.yaml')
    .option('--listen <host:port>', 'data-plane address (default: server.listen)')
    .option('--admin <host:port>', 'admin address (default: server.admin)')
    .option('--control <host:port>', 'control-plane API address (default: server.control, started when control.tokens are configured)')
    .option('--store <path>', 'SQLite file for the ledger and audit log (default: store: in the config)')
    .option('--json', 'print the addresses as one JSON line')
    .addHelpText('after', '\nStops on SIGTERM/SIGINT: drains in-flight requests (server.drainTimeoutMs), flushes the ledger.\nExit codes: 0 stopped cleanly, 1 failure (port in use, store), 2 invalid config.')
    .action(async (opts: GatewayOptions) => runGateway(ctx, opts));
}

async function runGateway(ctx: CliContext, opts: GatewayOptions): Promise<void> {
  const app = await startGatewayApp({
    configPath: opts.config,
    cwd: ctx.cwd,
    env: ctx.env,
    log: (line) => ctx.io.err(line),
    ...(opts.listen === undefined ? {} : { listen: opts.listen }),
    ...(opts.admin === undefined ? {} : { admin: opts.admin }),
    ...(opts.control === undefined ? {} : { control: opts.control }),
    ...(opts.store === undefined ? {} : { storePath: opts.store }),
  });
  const { dataPlane, admin } = app.addresses;
  const control = app.control?.address ?? null;
  if (opts.json) printJson(ctx, { dataPlane, admin: admin ?? null, control });
  else {
    ctx.io.out(`data plane listening on ${dataPlane}`);
    if (admin !== undefined) ctx.io.out(`admin listening on ${admin} (/metrics /healthz /readyz)`);
    if (control !== null) ctx.io.out(`control plane listening on ${control} (/api/v1, /openapi.json)`);
  }
  const signal = await waitForSignal();
  ctx.io.err(`${signal} received: draining in-flight requests`);
  const again = (): void => ctx.io.err(`signal received again: still draining (bounded by server.drainTimeoutMs)`);
  for (const s of SIGNALS) process.on(s, again);
  try {
    await app.shutdown();
  } finally {
    for (const s of SIGNALS) process.off(s, again);
  }
  ctx.io.err('gateway stopped');
}

/** Resolves with the first of SIGTERM/SIGINT, then stops listening for it. */
function waitForSignal(): Promise<string> {
  return new Promise<string>((resolve) => {
    const handlers = SIGNALS.map((signal) => {
      const handler = (): void => {
        for (const [s, h] of handlers) process.off(s, h);
        resolve(signal);
      };
      process.on(signal, handler);
      return [signal, handler] as const;
    });
  });
}
