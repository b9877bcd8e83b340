/**
 * @module provenance
 * Public surface of dataset provenance: content manifests of training data (sha256, size
 * and row count per file, committed to by a Merkle root) and diffs between them. Other
 * contexts import from here only.
 */
export type { DatasetFileFormat } from './defaults.js';
export { EXTENSION_FORMATS, FILE_FORMATS, MANIFEST_FORMAT, SCAN_CHUNK_BYTES } from './defaults.js';
export type { ChangedFile, DiffableManifest, FileSnapshot, ManifestDiff } from './diff.js';
export { diffManifests } from './diff.js';
export { provenanceErrors } from './errors.js';
export type { DatasetManifest, ManifestFile } from './manifest.js';
export {
  buildManifest,
  datasetManifestSchema,
  manifestFileSchema,
  validateDatasetManifest,
  parseDatasetManifestJson,
  totalRows,
} from './manifest.js';
export type { MerkleLeafInput } from './merkle.js';
export { merkleLeafHash, merkleRoot } from './merkle.js';
export { comparePaths } from './paths.js';
export type { DatasetScan, DatasetScanOptions, DatasetScanner, SkippedEntry } from './ports.js';
export type { RowCounter } from './row-count.js';
export { countRows, createRowCounter, detectFileFormat } from './row-count.js';
