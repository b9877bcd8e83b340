/**
 * @module store/forensics/file-bundle-store
 * Forensic bundles as content-addressed files: `<dir>/<sha256>.json` (by default
 * `.bulwark/forensics/` next to the SQLite store). Writes go to a temporary file that is
 * fsynced and renamed, so a crash never leaves a partial bundle under its final name.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BundleFiles } from '../../rollback/ports.js';

const DIGEST = /^[0-9a-f]{64}$/;

/**
 * Throws a RangeError unless `digest` is a lower-case sha256 hex digest: every bundle
 * store refuses other names (a file name, a row key) the same way.
 *
 * @example
 * assertBundleDigest('ab'); // RangeError: not a sha256 hex digest: "ab"
 */
export function assertBundleDigest(digest: string): void {
  if (!DIGEST.test(digest)) throw new RangeError(`not a sha256 hex digest: ${JSON.stringify(digest)}`);
}

/**
 * @example
 * const files = new FileBundleStore('/srv/.bulwark/forensics');
 * await files.write(digest, bytes); // { location: '/srv/.bulwark/forensics/<digest>.json' }
 */
export class FileBundleStore implements BundleFiles {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  path(digest: string): string {
    assertBundleDigest(digest);
    return join(this.dir, `${digest}.json`);
  }

  async write(digest: string, bytes: Uint8Array): Promise<{ readonly location: string }> {
    const final = this.path(digest);
    if (await this.exists(digest)) return { location: final };
    await mkdir(this.dir, { recursive: true });
    const temp = join(this.dir, `.${digest}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, final);
    return { location: final };
  }

  async read(digest: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.path(digest));
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async exists(digest: string): Promise<boolean> {
    try {
      await access(this.path(digest), constants.F_OK);
      return true;
    } catch {
      return false;
    }
  }

  async remove(digest: string): Promise<void> {
    await rm(this.path(digest), { force: true });
  }
}

/**
 * Bundles in memory (the memory store, tests).
 *
 * @example
 * const files = new MemoryBundleStore();
 */
export class MemoryBundleStore implements BundleFiles {
  readonly #files = new Map<string, Uint8Array>();

  async write(digest: string, bytes: Uint8Array): Promise<{ readonly location: string }> {
    assertBundleDigest(digest);
    if (!this.#files.has(digest)) this.#files.set(digest, Uint8Array.from(bytes));
    return { location: `memory:${digest}` };
  }

  async read(digest: string): Promise<Uint8Array | undefined> {
    const found = this.#files.get(digest);
    return found === undefined ? undefined : Uint8Array.from(found);
  }

  async exists(digest: string): Promise<boolean> {
    return this.#files.has(digest);
  }

  async remove(digest: string): Promise<void> {
    this.#files.delete(digest);
  }
}
