/**
 * @module provenance/defaults
 * Fixed values of dataset provenance, written once: the manifest format tag, the file
 * formats bulwark counts rows of, and the read size used when streaming files.
 */

/** The `format` tag of every version-1 manifest. A breaking change gets a new tag. */
export const MANIFEST_FORMAT = 'bulwark.dataset-manifest/v1';

/** File formats of a manifest entry. Rows are counted for `csv` and `jsonl` only. */
export const FILE_FORMATS = ['csv', 'jsonl', 'other'] as const;

/** The format of a data file, from its extension. */
export type DatasetFileFormat = (typeof FILE_FORMATS)[number];

/**
 * Lower-case file extensions (with the dot) whose rows are counted. Anything else is
 * `other`: hashed and sized, not counted.
 *
 * @example
 * EXTENSION_FORMATS['.ndjson']; // 'jsonl'
 */
export const EXTENSION_FORMATS: Readonly<Record<string, Exclude<DatasetFileFormat, 'other'>>> = Object.freeze({
  '.csv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
});

/** Bytes read per chunk when a scanner streams a file (1 MiB): large enough for throughput, small enough to keep memory flat. */
export const SCAN_CHUNK_BYTES = 1024 * 1024;
