/**
 * @module scripts/train-injection
 * `npm run train:injection`: trains the prompt-injection model on ../shared/data (or
 * BULWARK_SHARED_DATA) and writes src/inspect/prompt-injection/model.json. Deterministic:
 * the same data and seed give the same file, byte for byte. Options: `--seed N`,
 * `--out FILE`, `--check` (train, compare with the committed artifact, exit 1 if different).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sha256Hex } from '../src/shared/digest.js';
import { inspectErrors } from '../src/inspect/errors.js';
import { buildCorpus } from '../src/inspect/prompt-injection/train/corpus.js';
import type { CorpusFiles } from '../src/inspect/prompt-injection/train/corpus.js';
import { dataDigest, TRAINING_FILES, trainingPaths } from '../src/inspect/prompt-injection/train/data-files.js';
import { TRAIN_DEFAULTS, trainInjectionModel } from '../src/inspect/prompt-injection/train/train.js';
import type { DataProvenance } from '../src/inspect/prompt-injection/train/train.js';
import { serializeArtifact } from '../src/inspect/prompt-injection/train/serialize.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the data is: BULWARK_SHARED_DATA, else ../shared/data beside the checkout. */
export const DATA_DIR = process.env['BULWARK_SHARED_DATA'] ?? resolve(ROOT, '..', 'shared', 'data');
export const ARTIFACT_PATH = resolve(ROOT, 'src', 'inspect', 'prompt-injection', 'model.json');

function read(rel: string): string {
  try {
    return readFileSync(resolve(DATA_DIR, rel), 'utf8');
  } catch (cause) {
    throw inspectErrors.error('INS_ERR_TRAINING_DATA', `${resolve(DATA_DIR, rel)} cannot be read`, { path: rel }, cause);
  }
}

/** Reads the training files and their digests. */
export function loadTrainingData(): { files: CorpusFiles; provenance: DataProvenance } {
  const contents = new Map(trainingPaths().map((p) => [p, read(p)]));
  const get = (p: string) => contents.get(p) ?? '';
  const list = trainingPaths().map((path) => ({ path, sha256: sha256Hex(get(path)) }));
  return {
    files: {
      deepset: get(TRAINING_FILES.deepset),
      benign: TRAINING_FILES.benign.map(get),
      bipiaText: get(TRAINING_FILES.bipiaText),
      bipiaCode: get(TRAINING_FILES.bipiaCode),
      bipiaEmails: get(TRAINING_FILES.bipiaEmails),
    },
    provenance: { dataDigest: dataDigest(list), files: list },
  };
}

function main(): number {
  const { values } = parseArgs({ options: { seed: { type: 'string' }, out: { type: 'string' }, check: { type: 'boolean' } } });
  const seed = values.seed === undefined ? TRAIN_DEFAULTS.seed : Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  const { files, provenance } = loadTrainingData();
  const started = performance.now();
  const artifact = trainInjectionModel(buildCorpus(files), provenance, { ...TRAIN_DEFAULTS, seed });
  const json = serializeArtifact(artifact);
  const out = values.out === undefined ? ARTIFACT_PATH : resolve(process.cwd(), values.out);
  const v = artifact.training.validation;
  console.log(
    `trained in ${((performance.now() - started) / 1000).toFixed(1)} s: ${artifact.linear.weights.length} weights, ${(json.length / 1024).toFixed(0)} KiB, ` +
      `threshold ${artifact.threshold}, out-of-fold recall ${v['outOfFoldRecall']} FPR ${v['outOfFoldFpr']}`,
  );
  if (values.check) {
    const same = readFileSync(out, 'utf8') === json;
    console.log(same ? `${out} is up to date` : `${out} differs from what the script produces`);
    return same ? 0 : 1;
  }
  writeFileSync(out, json);
  console.log(`wrote ${out}`);
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
