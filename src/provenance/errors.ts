/**
 * @module provenance/errors
 * Error catalog of dataset provenance: manifests that cannot be trusted or built.
 * Every code is a user error (CLI exit 2): the input named on the command line is wrong.
 */
import { defineErrors } from '../shared/errors.js';

/**
 * The PRV catalog.
 *
 * @example
 * throw provenanceErrors.error('PRV_ERR_NO_FILES', 'data/: no files to include', { paths: ['data/'] });
 */
export const provenanceErrors = defineErrors('PRV', {
  PRV_ERR_INVALID_MANIFEST: {
    kind: 'user',
    meaning: 'A dataset manifest is not valid JSON, or a field is missing, unknown or has the wrong type; the message names the field path.',
    fix: 'Regenerate the manifest with `bulwark dataset manifest`, or correct the named field.',
  },
  PRV_ERR_ROOT_MISMATCH: {
    kind: 'user',
    meaning: 'The Merkle root stored in a manifest differs from the root recomputed from its file entries: the manifest was edited or corrupted.',
    fix: 'Regenerate the manifest from the data with `bulwark dataset manifest`; do not edit file entries by hand.',
  },
  PRV_ERR_NO_FILES: {
    kind: 'user',
    meaning: 'The paths given to `bulwark dataset manifest` contain no file to include (hidden files and symbolic links are skipped).',
    fix: 'Name at least one regular file, or a folder that contains one.',
  },
  PRV_ERR_DUPLICATE_PATH: {
    kind: 'user',
    meaning: 'Two file entries of one manifest have the same path.',
    fix: 'Keep one entry per path; regenerate the manifest with `bulwark dataset manifest`.',
  },
  PRV_ERR_OUTSIDE_BASE: {
    kind: 'user',
    meaning: 'A file to include lies outside the --base folder, so it has no relative path.',
    fix: 'Choose a --base folder that contains every path given, or omit --base to use their common folder.',
  },
});
