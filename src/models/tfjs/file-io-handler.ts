/**
 * @module models/tfjs/file-io-handler
 * A `tf.io.IOHandler` that loads a TF.js model (`model.json` plus its binary weight
 * shards) from the local disk: `file://` URLs need tfjs-node, which is not usable here.
 * Shard paths are resolved next to model.json and may not escape its folder.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { modelErrors } from '../errors.js';

async function read(path: string): Promise<Buffer> {
  return readFile(path).catch((cause: unknown) => {
    throw modelErrors.error('MDL_ERR_LOAD_FAILED', `cannot read ${path}: ${(cause as Error).message}`, { path }, cause);
  });
}

/**
 * Reads and parses model.json; MDL_ERR_LOAD_FAILED when unreadable or not JSON.
 *
 * @example
 * const json = await readModelJson('model/model.json'); // json.format: 'layers-model'
 */
export async function readModelJson(path: string): Promise<tf.io.ModelJSON> {
  const text = (await read(path)).toString('utf8');
  try {
    return JSON.parse(text) as tf.io.ModelJSON;
  } catch (cause) {
    throw modelErrors.error('MDL_ERR_LOAD_FAILED', `${path} is not valid JSON: ${(cause as Error).message}`, { path }, cause);
  }
}

function shardPath(dir: string, path: string): string {
  const full = resolve(dir, path);
  const rel = relative(dir, full);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw modelErrors.error('MDL_ERR_LOAD_FAILED', `weight shard "${path}" lies outside the model folder ${dir}`, { path, dir });
  }
  return full;
}

/**
 * The IOHandler for `tf.loadLayersModel` / `tf.loadGraphModel`.
 *
 * @example
 * const model = await tf.loadLayersModel(fileIOHandler('model/model.json'));
 */
export function fileIOHandler(modelJsonPath: string): tf.io.IOHandler {
  const dir = dirname(resolve(modelJsonPath));
  return {
    load: async () => {
      const json = await readModelJson(modelJsonPath);
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          for (const p of group.paths) {
            const bytes = await read(shardPath(dir, p));
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
          }
          specs.push(...group.weights);
        }
        return [specs, buffers];
      });
    },
  };
}
