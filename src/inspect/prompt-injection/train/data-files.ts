/**
 * @module inspect/prompt-injection/train/data-files
 * Which files of ../shared/data the prompt-injection model is trained and evaluated on,
 * and the digest that ties an artifact to them. Paths are relative to the data folder.
 */
import { digestJson } from '../../../shared/digest.js';

/** The training files, in the order `buildCorpus` reads them. */
export const TRAINING_FILES = Object.freeze({
  deepset: 'prompt-injection/deepset-train.jsonl',
  benign: ['benign-prompts/seed_tasks.jsonl', 'benign-prompts/user_oriented_instructions.jsonl'] as readonly string[],
  bipiaText: 'prompt-injection/bipia-train/text_attack_train.json',
  bipiaCode: 'prompt-injection/bipia-train/code_attack_train.json',
  bipiaEmails: 'prompt-injection/bipia-train/email-contexts-train.jsonl',
});

/** Evaluation-only files: never used for training. */
export const EVALUATION_FILES = Object.freeze({
  llmGuardInjection: 'prompt-injection/llm-guard-prompt-injection-cases.jsonl',
  llmGuardInvisible: 'prompt-injection/llm-guard-invisible-text-cases.jsonl',
});

/**
 * Every training path, flattened, in a fixed order.
 *
 * @example
 * trainingPaths()[0]; // 'prompt-injection/deepset-train.jsonl'
 */
export function trainingPaths(): string[] {
  return [TRAINING_FILES.deepset, ...TRAINING_FILES.benign, TRAINING_FILES.bipiaText, TRAINING_FILES.bipiaCode, TRAINING_FILES.bipiaEmails];
}

/**
 * The data digest recorded in the artifact: sha256 of the canonical JSON of the
 * `{ path, sha256 }` list (in {@link trainingPaths} order).
 *
 * @example
 * dataDigest([{ path: 'a.jsonl', sha256: 'ab…' }]); // '3f1c…'
 */
export function dataDigest(files: readonly { path: string; sha256: string }[]): string {
  return digestJson(files.map((f) => ({ path: f.path, sha256: f.sha256 })));
}
