/**
 * @module cli/shared-options
 * Options and helpers shared by the commands that open the store: --store, --config,
 * --actor, and a scope that always closes the store.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { openServices, resolveStoreTarget } from '../app/services.js';
import { storeErrors } from '../store/errors.js';
import type { Services } from '../app/services.js';
import type { CliContext } from './context.js';

export interface StoreOptions {
  store?: string;
  config?: string;
}

/** Adds --store and --config to a command. */
export function addStoreOptions(cmd: Command): Command {
  return cmd
    .option('--store <path>', 'SQLite store file (default: store.path of the config, else .bulwark/bulwark.db)')
    .option('--config <file>', 'bulwark.yaml to read `store:` from (default: ./bulwark.yaml when present)');
}

/** Adds --actor to a mutating command. */
export function addActorOption(cmd: Command): Command {
  return cmd.option('--actor <name>', 'who is acting, for the audit log (default: $BULWARK_ACTOR, else cli:<os user>)');
}

/** The actor recorded in the audit log. */
export function resolveActor(ctx: CliContext, explicit: string | undefined): string {
  if (explicit !== undefined && explicit.trim() !== '') return explicit.trim();
  const fromEnv = ctx.env['BULWARK_ACTOR'];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv.trim();
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (containers): keep "unknown"
  }
  return `cli:${user}`;
}

/** Opens the services, runs `fn`, and always shuts them down. */
export async function withServices<T>(ctx: CliContext, options: StoreOptions, fn: (services: Services) => Promise<T>): Promise<T> {
  const open = {
    cwd: ctx.cwd,
    env: ctx.env,
    ...(options.store === undefined ? {} : { storePath: options.store }),
    ...(options.config === undefined ? {} : { configPath: options.config }),
  };
  // A memory store would accept the command and forget it when the process exits.
  if ((await resolveStoreTarget(open)).kind === 'memory') {
    throw storeErrors.error('STO_ERR_UNSUPPORTED_KIND', 'store.kind memory keeps nothing after the command exits; CLI commands need sqlite or postgres', { kind: 'memory' });
  }
  const services = await openServices(open);
  try {
    return await fn(services);
  } finally {
    await services.shutdown();
  }
}

/** Prints `value` as one line of JSON. */
export function printJson(ctx: CliContext, value: unknown): void {
  ctx.io.out(JSON.stringify(value));
}
