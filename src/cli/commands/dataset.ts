/**
 * @module cli/commands/dataset
 * `bulwark dataset manifest|diff`: dataset provenance from the command line. `manifest`
 * hashes and counts the files of a dataset into a manifest with a Merkle root; `diff`
 * compares two manifests and exits 1 when they differ, for use as a CI gate.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { scanDataset } from '../../app/dataset-scan.js';
import { buildManifest, comparePaths, diffManifests, parseDatasetManifestJson, totalRows } from '../../provenance/index.js';
import type { DatasetManifest, ManifestDiff } from '../../provenance/index.js';
import type { Clock } from '../../shared/clock.js';
import { systemClock } from '../../shared/clock.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../context.js';
import { cliErrors } from '../errors.js';

const MANIFEST_HELP = `
Paths may be files or folders; folders are read recursively. Hidden files and folders
are skipped, and symbolic links inside folders are skipped (reported on stderr), never
followed. Entry paths are relative to --base, by default the deepest folder containing
every path given. Rows: csv = records without the header (quoted newlines allowed),
jsonl/ndjson = non-blank lines. Set SOURCE_DATE_EPOCH (seconds) to fix createdAt.

Exit codes: 0 manifest written, 1 failure, 2 user error (missing path, no files,
file outside --base). Format: docs/provenance.md`;

const DIFF_HELP = `
Prints "+ path (N rows)" for added files, "- path" for removed ones and
"~ path rows 100 → 120 (+20)" for changed ones, then a summary line.
Both manifests are validated (schema and Merkle root) before comparing.

Exit codes: 0 identical, 1 the manifests differ, 2 user error (missing file,
malformed or tampered manifest). Format: docs/provenance.md`;

/**
 * Registers `bulwark dataset` and its subcommands.
 *
 * @example
 * register(new Command('bulwark'), ctx); // then: bulwark dataset manifest data/ --out m.json
 */
export function register(program: Command, ctx: CliContext): void {
  const dataset = program.command('dataset').description('Dataset provenance: content manifests (sha256, size, rows, Merkle root) and diffs.');
  dataset
    .command('manifest')
    .description('Hash and count the files of a dataset and print (or write) its manifest as JSON.')
    .argument('<paths...>', 'files or folders of the dataset')
    .option('--out <file>', 'write the manifest to this file and print a one-line summary')
    .option('--base <dir>', 'folder that entry paths are relative to (default: common folder of the paths)')
    .addHelpText('after', MANIFEST_HELP)
    .action((paths: string[], opts: { out?: string; base?: string }) => runManifest(ctx, paths, opts));
  dataset
    .command('diff')
    .description('Compare two dataset manifests: added, removed and changed files, row deltas.')
    .argument('<before>', 'manifest JSON of the earlier dataset')
    .argument('<after>', 'manifest JSON of the later dataset')
    .option('--json', 'print the diff as JSON')
    .addHelpText('after', DIFF_HELP)
    .action((before: string, after: string, opts: { json?: boolean }) => runDiff(ctx, before, after, opts));
}

async function runManifest(ctx: CliContext, paths: readonly string[], opts: { out?: string; base?: string }): Promise<void> {
  const clock = clockFromEnv(ctx.env);
  const out = opts.out === undefined ? undefined : resolve(ctx.cwd, opts.out);
  // Leave out the manifest itself when it is written inside the dataset (re-runs stay stable).
  const scan = await scanDataset(paths, { cwd: ctx.cwd, base: opts.base, exclude: out === undefined ? [] : [out] });
  for (const s of scan.skipped) ctx.io.err(`note: skipped ${s.path} (${s.reason === 'symlink' ? 'symbolic link, not followed' : 'not a regular file'})`);
  const manifest = buildManifest(scan.files, clock);
  const json = JSON.stringify(manifest, null, 2);
  if (out === undefined) return ctx.io.out(json);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${json}\n`);
  ctx.io.out(`wrote ${opts.out}: ${plural(manifest.files.length, 'file')}, ${plural(totalRows(manifest.files), 'row')}, root ${manifest.root}`);
}

async function runDiff(ctx: CliContext, beforePath: string, afterPath: string, opts: { json?: boolean }): Promise<void> {
  const before = await readManifest(ctx, beforePath);
  const after = await readManifest(ctx, afterPath);
  const diff = diffManifests(before, after);
  if (opts.json) ctx.io.out(JSON.stringify(diff));
  else for (const line of formatDiff(diff)) ctx.io.out(line);
  ctx.setExitCode(diff.identical ? EXIT.ok : EXIT.failure);
}

async function readManifest(ctx: CliContext, given: string): Promise<DatasetManifest> {
  let text: string;
  try {
    text = await readFile(resolve(ctx.cwd, given), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(err)})`;
    throw cliErrors.error('CLI_ERR_FILE_NOT_FOUND', `${given}: ${why}`, { path: given }, err);
  }
  return parseDatasetManifestJson(text, given);
}

/**
 * The human-readable diff: one line per added (`+`), removed (`-`) or changed (`~`) file,
 * in path order, then a summary line.
 *
 * @example
 * formatDiff(diffManifests(v1, v2)); // ['~ train.csv rows 100 → 120 (+20)', 'differs: 0 added, …']
 */
export function formatDiff(diff: ManifestDiff): string[] {
  const lines: { path: string; text: string }[] = [
    ...diff.added.map((f) => ({ path: f.path, text: `+ ${f.path} (${f.rows === undefined ? plural(f.sizeBytes, 'byte') : plural(f.rows, 'row')})` })),
    ...diff.removed.map((f) => ({ path: f.path, text: `- ${f.path}` })),
    ...diff.changed.map((c) => ({
      path: c.path,
      text:
        c.rowDelta === null || c.before.rows === null || c.after.rows === null
          ? `~ ${c.path} bytes ${c.before.sizeBytes} → ${c.after.sizeBytes} (${signed(c.after.sizeBytes - c.before.sizeBytes)})`
          : `~ ${c.path} rows ${c.before.rows} → ${c.after.rows} (${signed(c.rowDelta)})`,
    })),
  ];
  lines.sort((a, b) => comparePaths(a.path, b.path));
  const rows = `rows ${diff.rowsBefore} → ${diff.rowsAfter} (${signed(diff.rowsAfter - diff.rowsBefore)})`;
  const summary = diff.identical
    ? `identical: ${plural(diff.unchanged, 'file')}, ${plural(diff.rowsAfter, 'row')}, root ${diff.rootAfter}`
    : `differs: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed, ${diff.unchanged} unchanged; ${rows}`;
  return [...lines.map((l) => l.text), summary];
}

/** The clock for createdAt: SOURCE_DATE_EPOCH (reproducible builds) when set, else the wall clock. */
function clockFromEnv(env: CliContext['env']): Clock {
  const raw = env['SOURCE_DATE_EPOCH'];
  if (raw === undefined || raw === '') return systemClock;
  if (!/^\d{1,12}$/.test(raw)) {
    throw cliErrors.error('CLI_ERR_USAGE', `SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01, got "${raw}"`, { variable: 'SOURCE_DATE_EPOCH' });
  }
  const ms = Number(raw) * 1000;
  return { now: () => ms };
}

function signed(n: number): string {
  return n >= 0 ? `+${n}` : String(n);
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
