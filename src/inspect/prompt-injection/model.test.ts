import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { thrown } from '../../../test/helpers/errors.js';
import { PROJECT_ROOT, sharedData, SHARED_DATA_DIR } from '../../../test/helpers/shared-data.js';
import { digestJson, sha256Hex } from '../../shared/digest.js';
import { ARTIFACT_FORMAT, parseArtifact } from './artifact.js';
import { createPromptInjectionInspector } from './inspector.js';
import { committedModel } from './model.js';
import { buildCorpus } from './train/corpus.js';
import { dataDigest, TRAINING_FILES, trainingPaths } from './train/data-files.js';
import { holdOut } from './train/split.js';
import { TRAIN_DEFAULTS } from './train/train.js';

const ARTIFACT = fileURLToPath(new URL('./model.json', import.meta.url));

describe('the committed model artifact', () => {
  it('loads, is small, and records the seed and hyper-parameters the training script uses', () => {
    const model = committedModel();
    expect(model.threshold).toBeGreaterThan(0);
    expect(model.threshold).toBeLessThan(1);
    expect(statSync(ARTIFACT).size).toBeLessThan(300 * 1024);
    const { seed, heldOutFraction, ...hyper } = TRAIN_DEFAULTS;
    expect(model.training.seed).toBe(seed);
    expect(model.training.heldOut.fraction).toBe(heldOutFraction);
    expect(model.training.hyperparameters).toEqual(hyper);
    expect(model.training.files.map((f) => f.path)).toEqual(trainingPaths());
  });

  it('rejects a malformed artifact with INS_ERR_MODEL_INVALID', () => {
    const good = JSON.parse(readFileSync(ARTIFACT, 'utf8')) as Record<string, unknown>;
    expect(thrown(() => parseArtifact({ ...good, format: 'other' })).code).toBe('INS_ERR_MODEL_INVALID');
    expect(thrown(() => parseArtifact({ ...good, threshold: 1.5 })).message).toMatch(/threshold/);
    expect(thrown(() => parseArtifact({ ...good, linear: { bias: 0, scale: 1, buckets: [1, -1], weights: [1, 1] } })).message).toMatch(/entry 1/);
    expect(thrown(() => parseArtifact(null)).code).toBe('INS_ERR_MODEL_INVALID');
    expect(good['format']).toBe(ARTIFACT_FORMAT);
  });
});

const deepset = sharedData(TRAINING_FILES.deepset);
describe.skipIf(!deepset.available)(`the committed model on ../shared/data (${deepset.reason})`, () => {
  const read = (rel: string) => readFileSync(resolve(SHARED_DATA_DIR, rel), 'utf8');

  it('was trained on exactly these files (data digest) with this seed and held-out split', () => {
    const files = trainingPaths().map((path) => ({ path, sha256: sha256Hex(read(path)) }));
    const model = committedModel();
    expect(model.training.files).toEqual(files);
    expect(model.training.dataDigest).toBe(dataDigest(files));
    const corpus = buildCorpus({
      deepset: read(TRAINING_FILES.deepset),
      benign: TRAINING_FILES.benign.map(read),
      bipiaText: read(TRAINING_FILES.bipiaText),
      bipiaCode: read(TRAINING_FILES.bipiaCode),
      bipiaEmails: read(TRAINING_FILES.bipiaEmails),
    });
    const { test } = holdOut(corpus, { seed: model.training.seed, fraction: model.training.heldOut.fraction });
    expect(digestJson(test.map((e) => e.text))).toBe(model.training.heldOut.digest);

    // The held-out split is above the target: balanced accuracy ≥ 90% with FPR ≤ 5%
    // on benign prompts, the hand-written hard ones included.
    const injection = createPromptInjectionInspector();
    const flagged = (text: string) => injection.inspect(text).flagged;
    const pos = test.filter((e) => e.label === 1);
    const hard = readFileSync(resolve(PROJECT_ROOT, 'test/fixtures/hard-benign-prompts.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => (JSON.parse(l) as { text: string }).text);
    const benign = [...test.filter((e) => e.label === 0).map((e) => e.text), ...hard];
    const recall = pos.filter((e) => flagged(e.text)).length / pos.length;
    const fpr = benign.filter(flagged).length / benign.length;
    expect(fpr).toBeLessThanOrEqual(0.05);
    expect((recall + 1 - fpr) / 2).toBeGreaterThanOrEqual(0.9);
  });
});
