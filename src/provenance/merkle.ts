/**
 * @module provenance/merkle
 * The Merkle root of a dataset manifest, RFC 6962 style: one leaf per file, hashed with a
 * 0x00 prefix, inner nodes with a 0x01 prefix, so a leaf can never be passed off as an
 * inner node (second-preimage resistance). Leaves are ordered by path, so the root does
 * not depend on the order files were found in. Pairs are hashed level by level and an odd
 * last node is promoted unchanged to the next level (never duplicated), which yields the
 * same tree as RFC 6962's left-balanced split.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../shared/canonical-json.js';
import { sortUniqueByPath } from './paths.js';

/** What a leaf commits to: a file's path, content digest and size. Rows and format derive from the content. */
export interface MerkleLeafInput {
  readonly path: string;
  /** Lower-case hex sha256 of the file's bytes. */
  readonly sha256: string;
  readonly sizeBytes: number;
}

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/**
 * The leaf hash of one file: sha256(0x00 ‖ UTF-8 of canonical JSON
 * `{"path":…,"sha256":…,"sizeBytes":…}`), as lower-case hex.
 *
 * @example
 * merkleLeafHash({ path: 'a.csv', sha256: 'e3b0…b855', sizeBytes: 0 }); // 64 hex characters
 */
export function merkleLeafHash(file: MerkleLeafInput): string {
  return leaf(file).toString('hex');
}

/**
 * The Merkle root (lower-case hex) of `files`, in any order. The root of no files is
 * sha256 of the empty string, as in RFC 6962. Throws PRV_ERR_DUPLICATE_PATH when two files
 * share a path.
 *
 * @example
 * merkleRoot([]); // 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
 */
export function merkleRoot(files: readonly MerkleLeafInput[]): string {
  const sorted = sortUniqueByPath(files);
  if (sorted.length === 0) return createHash('sha256').digest('hex');
  let level = sorted.map(leaf);
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Buffer;
      const right = level[i + 1];
      next.push(right === undefined ? left : node(left, right));
    }
    level = next;
  }
  return (level[0] as Buffer).toString('hex');
}

function leaf(file: MerkleLeafInput): Buffer {
  const encoded = canonicalJson({ path: file.path, sha256: file.sha256, sizeBytes: file.sizeBytes });
  return createHash('sha256').update(LEAF_PREFIX).update(encoded, 'utf8').digest();
}

function node(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}
