/**
 * @module cli/commands/registry
 * `bulwark registry add|list|show|status|attach`: the model registry from the command line.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { hashFile, readFileBytes, readStructuredFile } from '../../app/files.js';
import { registryErrors } from '../../registry/index.js';
import type { VersionView } from '../../registry/index.js';
import { validateDatasetManifest } from '../../provenance/index.js';
import { addActorOption, addStoreOptions, printJson, resolveActor, withServices } from '../shared-options.js';
import type { StoreOptions } from '../shared-options.js';
import { table } from '../format.js';

const EXIT_HELP = '\nExit codes: 0 success, 1 failure, 2 user error (bad name, missing file, unknown model, version conflict).';

interface AddOptions extends StoreOptions {
  model: string;
  version: string;
  artifact: string;
  upstream?: string;
  signature?: string;
  datasetManifest?: string;
  notes?: string;
  actor?: string;
  json?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  const registry = program.command('registry').description('Model versions: immutable artifacts by sha256, status events, attached documents.');
  registerAdd(registry, ctx);
  registerList(registry, ctx);
  registerShow(registry, ctx);
  registerStatus(registry, ctx);
  registerAttach(registry, ctx);
}

function registerAdd(parent: Command, ctx: CliContext): void {
  const cmd = parent
    .command('add')
    .description('Register a model version: records the artifact\'s sha256 (same digest again is a no-op; another digest is an error).')
    .requiredOption('--model <name>', 'model name, e.g. fraud')
    .requiredOption('--version <v>', 'version name, e.g. v2')
    .requiredOption('--artifact <path>', 'the model file (ONNX, model.json, …)')
    .option('--upstream <url>', 'base URL of the server that serves this version')
    .option('--signature <file>', 'JSON or YAML: { inputs: [{name, datatype, shape}], outputs: [...] }')
    .option('--dataset-manifest <file>', 'training-data manifest from `bulwark dataset manifest`')
    .option('--notes <text>', 'free text')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', EXIT_HELP);
  addStoreOptions(addActorOption(cmd)).action(async (opts: AddOptions) => {
    const artifactPath = resolve(ctx.cwd, opts.artifact);
    const artifact = await hashFile(artifactPath);
    const signature = opts.signature === undefined ? undefined : (await readStructuredFile(resolve(ctx.cwd, opts.signature), (m) => registryErrors.error('REG_ERR_INVALID_SIGNATURE', m, { file: opts.signature }))).value;
    const datasetManifest = opts.datasetManifest === undefined ? undefined : await readManifest(resolve(ctx.cwd, opts.datasetManifest));
    const result = await withServices(ctx, opts, (s) =>
      s.registry.addVersion({
        model: opts.model,
        version: opts.version,
        artifact: { ...artifact, path: artifactPath },
        ...(opts.upstream === undefined ? {} : { upstream: opts.upstream }),
        ...(signature === undefined ? {} : { signature }),
        ...(datasetManifest === undefined ? {} : { datasetManifest }),
        ...(opts.notes === undefined ? {} : { notes: opts.notes }),
        actor: resolveActor(ctx, opts.actor),
      }),
    );
    if (opts.json) return printJson(ctx, { created: result.created, ...result.record });
    const what = `${result.record.model} ${result.record.version} sha256:${result.record.artifact.digest}`;
    ctx.io.out(result.created ? `added ${what} (candidate)` : `unchanged: ${what} is already registered with this digest`);
  });
}

async function readManifest(path: string): Promise<{ content: Uint8Array; mediaType: string }> {
  const bytes = await readFileBytes(path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    throw registryErrors.error('REG_ERR_INVALID_DOCUMENT', `${path}: dataset manifest is not JSON: ${(err as Error).message}`, { file: path }, err);
  }
  validateDatasetManifest(parsed, path);
  return { content: bytes, mediaType: 'application/json' };
}

function registerList(parent: Command, ctx: CliContext): void {
  const cmd = parent
    .command('list')
    .description('List registered versions with their current status.')
    .option('--model <name>', 'only this model')
    .option('--json', 'print JSON (one array)')
    .addHelpText('after', EXIT_HELP);
  addStoreOptions(cmd).action(async (opts: StoreOptions & { model?: string; json?: boolean }) => {
    const views = await withServices(ctx, opts, (s) => s.registry.list(opts.model));
    if (opts.json) return printJson(ctx, views.map(summary));
    if (views.length === 0) return ctx.io.out('no model versions registered (add one with `bulwark registry add`)');
    ctx.io.out(table(['MODEL', 'VERSION', 'STATUS', 'SHA256', 'UPSTREAM'], views.map((v) => [v.record.model, v.record.version, v.status, v.record.artifact.digest.slice(0, 12), v.record.upstream ?? '-'])));
  });
}

function registerShow(parent: Command, ctx: CliContext): void {
  const cmd = parent
    .command('show')
    .description('Show one version (or every version of a model): artifact, signature, status history, documents.')
    .requiredOption('--model <name>', 'model name')
    .option('--version <v>', 'version (default: every version of the model)')
    .option('--json', 'print JSON')
    .addHelpText('after', EXIT_HELP);
  addStoreOptions(cmd).action(async (opts: StoreOptions & { model: string; version?: string; json?: boolean }) => {
    const views = await withServices(ctx, opts, async (s) => (opts.version === undefined ? s.registry.list(opts.model) : [await s.registry.getVersion(opts.model, opts.version)]));
    if (opts.json) return printJson(ctx, opts.version === undefined ? views.map(detail) : detail(views[0] as VersionView));
    for (const view of views) for (const line of describe(view)) ctx.io.out(line);
  });
}

function registerStatus(parent: Command, ctx: CliContext): void {
  const cmd = parent
    .command('status')
    .description('Append a status change: candidate, active, lkg, quarantined, retired (see docs/registry.md for allowed transitions).')
    .requiredOption('--model <name>', 'model name')
    .requiredOption('--version <v>', 'version')
    .requiredOption('--set <status>', 'new status')
    .option('--reason <text>', 'why, for the audit log')
    .option('--json', 'print JSON')
    .addHelpText('after', EXIT_HELP);
  addStoreOptions(addActorOption(cmd)).action(async (opts: StoreOptions & { model: string; version: string; set: string; reason?: string; actor?: string; json?: boolean }) => {
    const event = await withServices(ctx, opts, (s) => s.registry.setStatus(opts.model, opts.version, opts.set, { actor: resolveActor(ctx, opts.actor), ...(opts.reason === undefined ? {} : { reason: opts.reason }) }));
    if (opts.json) return printJson(ctx, { changed: event !== undefined, event: event ?? null });
    ctx.io.out(event ? `${opts.model} ${opts.version}: ${event.status}` : `${opts.model} ${opts.version} is already ${opts.set}`);
  });
}

function registerAttach(parent: Command, ctx: CliContext): void {
  const cmd = parent
    .command('attach')
    .description('Attach a document (baseline, robustness report, …) to a version by content digest.')
    .requiredOption('--model <name>', 'model name')
    .requiredOption('--version <v>', 'version')
    .requiredOption('--kind <kind>', 'document kind, e.g. baseline, robustness-report')
    .requiredOption('--file <path>', 'the document')
    .option('--media-type <type>', 'media type', 'application/json')
    .addHelpText('after', EXIT_HELP);
  addStoreOptions(addActorOption(cmd)).action(async (opts: StoreOptions & { model: string; version: string; kind: string; file: string; mediaType: string; actor?: string }) => {
    const content = await readFileBytes(resolve(ctx.cwd, opts.file));
    const digest = await withServices(ctx, opts, (s) => s.registry.attachDocument(opts.model, opts.version, { kind: opts.kind, content, mediaType: opts.mediaType, actor: resolveActor(ctx, opts.actor) }));
    ctx.io.out(`attached ${opts.kind} sha256:${digest} to ${opts.model} ${opts.version}`);
  });
}

function summary(view: VersionView): Record<string, unknown> {
  const r = view.record;
  return { model: r.model, version: r.version, status: view.status, digest: r.artifact.digest, upstream: r.upstream ?? null, createdAt: new Date(r.createdAt).toISOString() };
}

function detail(view: VersionView): Record<string, unknown> {
  return {
    ...view.record,
    createdAt: new Date(view.record.createdAt).toISOString(),
    status: view.status,
    history: view.history.map((e) => ({ status: e.status, at: new Date(e.at).toISOString(), actor: e.actor, reason: e.reason ?? null })),
    documents: view.documents.map((d) => ({ kind: d.kind, digest: d.digest, attachedAt: new Date(d.attachedAt).toISOString(), actor: d.actor })),
  };
}

function describe(view: VersionView): string[] {
  const r = view.record;
  const lines = [
    `${r.model} ${r.version}  [${view.status}]`,
    `  artifact   ${r.artifact.path} (${r.artifact.sizeBytes} bytes)`,
    `  sha256     ${r.artifact.digest}`,
    `  upstream   ${r.upstream ?? '-'}`,
    `  created    ${new Date(r.createdAt).toISOString()}`,
  ];
  if (r.signature) lines.push(`  signature  in: ${r.signature.inputs.map((t) => `${t.name} ${t.datatype}[${t.shape.join(',')}]`).join(', ')}; out: ${r.signature.outputs.map((t) => `${t.name} ${t.datatype}[${t.shape.join(',')}]`).join(', ')}`);
  if (r.notes) lines.push(`  notes      ${r.notes}`);
  lines.push('  history');
  for (const e of view.history) lines.push(`    ${new Date(e.at).toISOString()}  ${e.status.padEnd(11)} by ${e.actor}${e.reason ? ` (${e.reason})` : ''}`);
  if (view.documents.length > 0) {
    lines.push('  documents');
    for (const d of view.documents) lines.push(`    ${d.kind.padEnd(18)} sha256:${d.digest}`);
  }
  return lines;
}
