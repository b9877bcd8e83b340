import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { ChainVerifier, GENESIS_HASH, entryHash, nextEntry } from './chain.js';
import type { AuditEntry } from './ports.js';

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i++) out.push(nextEntry(out.at(-1), { at: 1_000 + i, actor: 'alice', action: 'registry.add', target: `model:m/v${i}`, details: { i } }));
  return out;
}

function verify(entries: AuditEntry[]) {
  const v = new ChainVerifier();
  for (const e of entries) if (!v.push(e)) break;
  return v;
}

describe('audit hash chain', () => {
  it('hashes the canonical JSON of every field but the hash (independent re-computation)', () => {
    const [first] = chain(1);
    const canonical = `{"action":"registry.add","actor":"alice","at":1000,"details":{"i":0},"prevHash":"${GENESIS_HASH}","seq":1,"target":"model:m/v0"}`;
    expect(first?.hash).toBe(createHash('sha256').update(canonical).digest('hex'));
    expect(first?.seq).toBe(1);
    expect(first?.prevHash).toBe(GENESIS_HASH);
  });

  it('links each entry to the previous hash', () => {
    const entries = chain(3);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    expect(entries[2]?.prevHash).toBe(entries[1]?.hash);
    expect(entryHash(entries[2] as AuditEntry)).toBe(entries[2]?.hash);
  });

  it('verifies an intact chain', () => {
    const v = verify(chain(5));
    expect(v.broken).toBeUndefined();
    expect(v.count).toBe(5);
    expect(v.head?.seq).toBe(5);
  });

  it('names an edited entry', () => {
    const entries = chain(5);
    entries[2] = { ...(entries[2] as AuditEntry), actor: 'mallory' };
    expect(verify(entries).broken).toMatchObject({ seq: 3, problem: 'hash-mismatch' });
  });

  it('names the entry after a deleted one', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(verify(entries).broken).toMatchObject({ seq: 3, problem: 'sequence-gap' });
  });

  it('detects a deleted entry whose successors were renumbered and re-hashed', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    const forged = entries.map((e, i) => {
      const unsigned = { ...e, seq: i + 1 };
      return { ...unsigned, hash: entryHash(unsigned) };
    });
    expect(verify(forged).broken).toMatchObject({ seq: 2, problem: 'broken-link' });
  });

  it('detects two entries swapped', () => {
    const entries = chain(5);
    const swapped = [entries[0], entries[2], entries[1], entries[3], entries[4]] as AuditEntry[];
    expect(verify(swapped).broken).toMatchObject({ seq: 3, problem: 'sequence-gap' });
  });
});
