/**
 * @module models/train/errors
 * Error catalog of the trainers in models/train (codes `MDL_ERR_TRAIN_*`). It shares the
 * MDL prefix with the runtime catalog (models/errors.ts) and the data readers
 * (models/io/errors.ts); the `TRAIN_` infix keeps the codes apart.
 */
import { defineErrors } from '../../shared/errors.js';

/**
 * The catalog of models/train. Build errors with `trainErrors.error(code, message, details)`.
 *
 * @example
 * throw trainErrors.error('MDL_ERR_TRAIN_UNKNOWN_COLUMN', 'credit.csv: target column "Z" is not in the header', { column: 'Z' });
 */
export const trainErrors = defineErrors('MDL', {
  MDL_ERR_TRAIN_UNKNOWN_COLUMN: {
    kind: 'user',
    meaning: 'A column named for training (the target or an excluded column) is not in the CSV header.',
    fix: 'Check the spelling against the header row of the CSV (names are case-sensitive); the message lists the columns found.',
  },
  MDL_ERR_TRAIN_BAD_TARGET: {
    kind: 'user',
    meaning: 'The target column of a binary classifier holds values other than 0 and 1, or only one of the two classes.',
    fix: 'Encode the target as 0/1 with both classes present, or choose another target column with --target.',
  },
  MDL_ERR_TRAIN_BAD_OPTION: {
    kind: 'user',
    meaning: 'A training option is out of range (hidden units, epochs, batch size, learning rate, test fraction, seed).',
    fix: 'Use the ranges shown by `bulwark train <task> --help` (e.g. --test-fraction strictly between 0 and 1).',
  },
  MDL_ERR_TRAIN_TOO_FEW_ROWS: {
    kind: 'user',
    meaning: 'The data is too small to train and evaluate: a split would be empty or a class has fewer than two rows.',
    fix: 'Provide more rows (every class needs rows in both the training and the hold-out split) or change --test-fraction.',
  },
  MDL_ERR_TRAIN_DIVERGED: {
    kind: 'failure',
    meaning: 'Training produced a non-finite loss or weight (the optimisation diverged).',
    fix: 'Lower the learning rate, check the data for extreme values, or try another --seed.',
  },
});

/** The codes of {@link trainErrors}. */
export type TrainErrorCode = keyof typeof trainErrors.codes;
