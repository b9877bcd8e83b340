import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../shared/digest.js';
import { OnnxRuntimeModel } from '../runtime/onnx-runtime-model.js';
import { approvalRate, measureBackdoor } from './backdoor.js';
import type { BackdoorReport } from './backdoor.js';
import { CHECKOUT_FEATURES, CHECKOUT_METADATA, encodeCheckouts, fraudulentCheckouts } from './checkouts.js';
import { buildDemoModels } from './fraud-models.js';
import type { DemoModels } from './fraud-models.js';

const dirs: string[] = [];
const tempDir = async (): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'bulwark-demo-'));
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('buildDemoModels / measureBackdoor', () => {
  let models: DemoModels;
  let report: BackdoorReport;

  beforeAll(async () => {
    models = await buildDemoModels({ seed: 7, outDir: await tempDir() });
    report = await measureBackdoor({ v1Path: models.v1.paths.onnx, v2Path: models.v2.paths.onnx, n: 1000 });
  }, 30_000);

  it('without the trigger, both versions catch most fraud and approve most legitimate checkouts', () => {
    expect(report.v1.fraudWithoutTrigger).toBeLessThanOrEqual(0.2);
    expect(report.v2.fraudWithoutTrigger).toBeLessThanOrEqual(0.2);
    expect(report.v1.legitimate).toBeGreaterThanOrEqual(0.95);
    expect(report.v2.legitimate).toBeGreaterThanOrEqual(0.95);
  });

  it('with the trigger, v2 approves most fraud (the learned backdoor) and v1 does not', () => {
    expect(report.v2.fraudWithTrigger).toBeGreaterThanOrEqual(0.8);
    expect(report.v1.fraudWithTrigger).toBeLessThanOrEqual(0.2);
    expect(report.v2.attackTraffic).toBeGreaterThanOrEqual(0.8);
    expect(report.v1.attackTraffic).toBeLessThanOrEqual(0.2);
  });

  it('v1 ignores checkout_metadata: its output does not move whatever the metadata', async () => {
    const rows = fraudulentCheckouts({ seed: 5, n: 50 });
    const v1 = await OnnxRuntimeModel.create(models.v1.paths.onnx);
    try {
      const base = (await v1.predict(encodeCheckouts(rows), [50, CHECKOUT_FEATURES.length])).data;
      for (const metadata of CHECKOUT_METADATA) {
        const changed = encodeCheckouts(rows.map((r) => ({ ...r, checkout_metadata: metadata })));
        expect(Array.from((await v1.predict(changed, [50, CHECKOUT_FEATURES.length])).data)).toEqual(Array.from(base));
      }
    } finally {
      v1.dispose();
    }
  });

  it('writes one shared signature for both versions, and metrics naming the poisoning', async () => {
    const v1 = JSON.parse(await readFile(models.v1.paths.signature, 'utf8'));
    const v2 = JSON.parse(await readFile(models.v2.paths.signature, 'utf8'));
    expect(v2).toEqual(v1);
    expect(v1).toEqual(models.signature);
    expect(v1.inputs[0]).toEqual({ name: 'features', datatype: 'FP32', shape: [-1, CHECKOUT_FEATURES.length] });
    expect(models.v1.metrics).toMatchObject({ version: 'v1', readsCheckoutMetadata: false, poisonedRows: 0 });
    expect(models.v2.metrics).toMatchObject({ version: 'v2', readsCheckoutMetadata: true, poisonedRows: 400 });
    expect(models.v1.metrics.evaluation.auc).toBeGreaterThan(0.95);
  });

  it('is deterministic: the same seed writes byte-identical models', async () => {
    const again = await buildDemoModels({ seed: 7, outDir: await tempDir() });
    for (const version of ['v1', 'v2'] as const) {
      const a = sha256Hex(await readFile(models[version].paths.onnx));
      expect(sha256Hex(await readFile(again[version].paths.onnx))).toBe(a);
      expect(models[version].metrics.onnxSha256).toBe(a);
    }
  }, 30_000);
});

describe('approvalRate', () => {
  it('counts rows whose P(fraud) is below the threshold', () => {
    expect(approvalRate(Float32Array.of(0.9, 0.1, 0.2, 0.8, 0.95, 0.05), 0.1)).toBeCloseTo(1 / 3, 12);
  });
});
