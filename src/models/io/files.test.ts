import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvFile, readIdxFile, readJsonlFile, readNpyFile, readOptdigitsFile, writeNpyFile } from './files.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bulwark-models-io-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npy files', () => {
  it('writes and reads back an array, leaving no temporary file', async () => {
    const path = join(dir, 'w.npy');
    await writeNpyFile(path, { dtype: 'float32', shape: [2, 2], data: Float32Array.of(1, 2, 3, 4) });
    await writeNpyFile(path, { dtype: 'int64', shape: [1], data: BigInt64Array.of(42n) }); // replaces
    const back = await readNpyFile(path);
    expect(back).toMatchObject({ dtype: 'int64', shape: [1] });
    expect(Array.from(back.data as BigInt64Array)).toEqual([42n]);
    expect((await readFile(path)).subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
    expect(await readdir(dir)).toEqual(['w.npy']);
  });

  it('names the path in format errors and lets file system errors through', async () => {
    const path = join(dir, 'not.npy');
    await writeFile(path, 'hello world');
    await expect(readNpyFile(path)).rejects.toMatchObject({ code: 'MDL_ERR_NPY_FORMAT', details: { source: path } });
    await expect(readNpyFile(join(dir, 'missing.npy'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('does not create the file when the array is invalid', async () => {
    const path = join(dir, 'bad.npy');
    await expect(writeNpyFile(path, { dtype: 'int32', shape: [2], data: Int32Array.of(1) })).rejects.toMatchObject({
      code: 'MDL_ERR_NPY_FORMAT',
    });
    await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('text and IDX files name their path in errors', () => {
  it.each([
    ['CSV', 'a.csv', 'a,b\n"x\n', readCsvFile, 'MDL_ERR_CSV_PARSE'],
    ['JSONL', 'a.jsonl', '{}\n{\n', readJsonlFile, 'MDL_ERR_JSONL_PARSE'],
    ['optdigits', 'a.tra', '1,2\n', readOptdigitsFile, 'MDL_ERR_OPTDIGITS_PARSE'],
    ['IDX', 'a.idx', 'xx', readIdxFile, 'MDL_ERR_IDX_FORMAT'],
  ] as const)('%s', async (_name, file, content, read, code) => {
    const path = join(dir, file);
    await writeFile(path, content);
    const err: unknown = await (read as (p: string) => Promise<unknown>)(path).catch((e: unknown) => e);
    expect(err).toMatchObject({ code, details: { source: path } });
    expect((err as Error).message.startsWith(`${path}: `)).toBe(true);
  });
});
