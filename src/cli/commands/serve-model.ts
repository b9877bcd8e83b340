/**
 * @module cli/commands/serve-model
 * `bulwark serve-model`: loads one model (ONNX through onnxruntime, or a TF.js model.json)
 * and serves it over the Open Inference Protocol v2 REST API until SIGINT or SIGTERM, then
 * drains in-flight requests and exits 0. The first line on stdout is
 * `serving NAME VERSION at http://HOST:PORT` (the real port when --port is 0), so scripts
 * and tests can wait for it.
 */
import { extname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { requireFile } from '../../app/files.js';
import { loadModel } from '../../models/index.js';
import { SERVER_DEFAULTS, startModelServer } from '../../models/server/index.js';
import type { ServerLogger } from '../../models/server/index.js';
import { cliErrors } from '../errors.js';

const EXIT_HELP = `
Endpoints: GET /v2, /v2/health/live, /v2/health/ready, /v2/models/NAME[/versions/V][/ready];
POST /v2/models/NAME[/versions/V]/infer. See docs/serve-model.md.
Exit codes: 0 stopped by SIGINT/SIGTERM, 1 failure (model refused by its runtime, port in use),
2 user error (missing model file, bad option).`;

interface ServeOptions {
  model: string;
  name: string;
  version: string;
  host: string;
  port: string;
  maxBodyBytes: string;
}

/** `platform` of the metadata, as Triton and KServe name them. */
function platformOf(path: string): string {
  return extname(path).toLowerCase() === '.onnx' ? 'onnxruntime_onnx' : 'tensorflowjs';
}

function integerOption(flag: string, raw: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw cliErrors.error('CLI_ERR_USAGE', `${flag} must be an integer ${min}–${max}, got "${raw}"`, { option: flag, value: raw });
  }
  return value;
}

/** Resolves on the first SIGINT or SIGTERM, and stops listening for both. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((done) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      done(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

function stderrLogger(ctx: CliContext): ServerLogger {
  return { error: (message, fields) => ctx.io.err(JSON.stringify({ level: 'error', msg: message, ...fields })) };
}

/**
 * Adds `serve-model` to the program.
 *
 * @example
 * register(program, ctx); // bulwark serve-model --model credit.onnx --name credit --version v1 --port 0
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('serve-model')
    .description('Serve one model over the Open Inference Protocol v2 (KServe/Triton REST) until SIGINT/SIGTERM.')
    .requiredOption('--model <file>', 'the model: a .onnx file (onnxruntime) or a TF.js model.json')
    .requiredOption('--name <name>', 'model name in the paths, e.g. fraud')
    .requiredOption('--version <v>', 'the version served, e.g. v2')
    .option('--host <host>', 'interface to listen on', SERVER_DEFAULTS.host)
    .option('--port <port>', 'TCP port (0 picks a free one)', String(SERVER_DEFAULTS.port))
    .option('--max-body-bytes <n>', 'largest request body; larger ones get 413', String(SERVER_DEFAULTS.maxBodyBytes))
    .addHelpText('after', EXIT_HELP)
    .action(async (opts: ServeOptions) => {
      const port = integerOption('--port', opts.port, 0, 65_535);
      const maxBodyBytes = integerOption('--max-body-bytes', opts.maxBodyBytes, 1, Number.MAX_SAFE_INTEGER);
      const path = resolve(ctx.cwd, opts.model);
      await requireFile(path);
      const model = await loadModel(path);
      try {
        const server = await startModelServer({
          model, name: opts.name, version: opts.version, host: opts.host, port, maxBodyBytes,
          platform: platformOf(path), serverVersion: program.version() ?? 'unknown', logger: stderrLogger(ctx),
        });
        const stopped = stopSignal();
        ctx.io.out(`serving ${opts.name} ${opts.version} at ${server.url}`);
        await stopped;
        await server.close();
      } finally {
        model.dispose();
      }
    });
}
