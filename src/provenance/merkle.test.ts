import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isBulwarkError } from '../shared/errors.js';
import { merkleLeafHash, merkleRoot } from './merkle.js';
import type { MerkleLeafInput } from './merkle.js';

// Independent re-implementation with node:crypto only: the leaf encoding is spelled out
// by hand (JSON with keys in sorted order) and the tree follows RFC 6962 §2.1 literally
// (recursive split at the largest power of two below n), not the level-by-level loop of
// the implementation.
const sha = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const leafOf = (f: MerkleLeafInput): Buffer =>
  sha(Buffer.from([0x00]), Buffer.from(`{"path":${JSON.stringify(f.path)},"sha256":"${f.sha256}","sizeBytes":${f.sizeBytes}}`, 'utf8'));
const nodeOf = (l: Buffer, r: Buffer): Buffer => sha(Buffer.from([0x01]), l, r);
function rfc6962(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return leaves[0] as Buffer;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeOf(rfc6962(leaves.slice(0, k)), rfc6962(leaves.slice(k)));
}

const digestOf = (s: string): string => createHash('sha256').update(s).digest('hex');
const file = (path: string, content = path): MerkleLeafInput => ({ path, sha256: digestOf(content), sizeBytes: Buffer.byteLength(content) });

const A = file('a.csv');
const B = file('b/data.jsonl');
const C = file('c.bin');

describe('merkleRoot known answers', () => {
  it('0 files: sha256 of the empty string', () => {
    expect(merkleRoot([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('1 file: the leaf hash, with the 0x00 prefix', () => {
    const expected = leafOf(A).toString('hex');
    expect(merkleRoot([A])).toBe(expected);
    expect(merkleLeafHash(A)).toBe(expected);
    // Without domain separation the root would be sha256(encoding): make sure it is not.
    expect(expected).not.toBe(digestOf(`{"path":"a.csv","sha256":"${A.sha256}","sizeBytes":5}`));
  });

  it('2 files: sha256(0x01 ‖ leaf(a) ‖ leaf(b)), in path order', () => {
    expect(merkleRoot([A, B])).toBe(nodeOf(leafOf(A), leafOf(B)).toString('hex'));
  });

  it('3 files: the odd third leaf is promoted, not duplicated', () => {
    const expected = nodeOf(nodeOf(leafOf(A), leafOf(B)), leafOf(C)).toString('hex');
    expect(merkleRoot([A, B, C])).toBe(expected);
    expect(merkleRoot([A, B, C])).not.toBe(nodeOf(nodeOf(leafOf(A), leafOf(B)), nodeOf(leafOf(C), leafOf(C))).toString('hex'));
    // Pinned value (computed once with Python's hashlib): catches an encoding change made in both the code and this test.
    expect(expected).toBe('28cc9dcc2610c02607fffeabe82728b9f372de43aa5e0f2d839d2881917abfc5');
  });

  it('matches the RFC 6962 recursive definition for 0..33 files', () => {
    for (let n = 0; n <= 33; n++) {
      const files = Array.from({ length: n }, (_, i) => file(`f${String(i).padStart(3, '0')}.csv`));
      expect(merkleRoot(files), `n=${n}`).toBe(rfc6962(files.map(leafOf)).toString('hex'));
    }
  });
});

describe('merkleRoot properties', () => {
  it('does not depend on the order of its input', () => {
    const files = Array.from({ length: 9 }, (_, i) => file(`dir${i % 3}/part-${i}.csv`));
    const expected = merkleRoot(files);
    fc.assert(fc.property(fc.shuffledSubarray(files, { minLength: files.length }), (shuffled) => merkleRoot(shuffled) === expected));
  });

  it('sorts by code point: the root of [b, a] equals the root of [a, b], and "a/z" sorts before "b"', () => {
    const z = file('a/z');
    const b = file('b');
    expect(merkleRoot([b, z])).toBe(nodeOf(leafOf(z), leafOf(b)).toString('hex'));
  });

  it('commits to path, sha256 and size', () => {
    const root = merkleRoot([A, B]);
    expect(merkleRoot([{ ...A, path: 'a2.csv' }, B])).not.toBe(root);
    expect(merkleRoot([{ ...A, sha256: digestOf('other') }, B])).not.toBe(root);
    expect(merkleRoot([{ ...A, sizeBytes: A.sizeBytes + 1 }, B])).not.toBe(root);
  });

  it('rejects two files with the same path (PRV_ERR_DUPLICATE_PATH)', () => {
    let caught: unknown;
    try {
      merkleRoot([A, B, { ...A, sha256: digestOf('x') }]);
    } catch (err) {
      caught = err;
    }
    expect(isBulwarkError(caught) && caught.code).toBe('PRV_ERR_DUPLICATE_PATH');
  });
});
