/**
 * @module rollback/forensics/archive
 * The forensic archive: content-addressed bundle files plus their index in the store.
 * Storing is idempotent (same bytes, same name; the index is keyed by digest), reading
 * re-hashes the file, and `purge` applies the retention in days.
 */
import { rollbackErrors } from '../errors.js';
import type { BundleFiles, ForensicIndexStore } from '../ports.js';
import type { ForensicBundle, ForensicIndexEntry } from '../types.js';
import { decodeBundle } from './bundle.js';

const DAY_MS = 86_400_000;

/**
 * @example
 * const archive = new ForensicArchive({ index: store.rollback.forensics, files: new FileBundleStore(dir) });
 * const entry = await archive.resolve('9f86d0'); // digest, unique prefix (8+) or incident id
 * const bundle = await archive.read(entry);
 */
export class ForensicArchive {
  readonly #index: ForensicIndexStore;
  readonly #files: BundleFiles;

  constructor(deps: { readonly index: ForensicIndexStore; readonly files: BundleFiles }) {
    this.#index = deps.index;
    this.#files = deps.files;
  }

  /** Writes the file (a no-op when it exists), then indexes it. */
  async store(meta: Omit<ForensicIndexEntry, 'location' | 'bytes' | 'digest'>, digest: string, bytes: Uint8Array): Promise<ForensicIndexEntry> {
    const { location } = await this.#files.write(digest, bytes);
    const entry: ForensicIndexEntry = { ...meta, digest, bytes: bytes.length, location };
    await this.#index.add(entry);
    return (await this.#index.get(digest)) ?? entry;
  }

  /**
   * Indexes a bundle file written before a crash (its digest was recorded first); false
   * when the file is not there (the crash came before the write).
   */
  async adopt(meta: Omit<ForensicIndexEntry, 'location' | 'bytes' | 'digest'>, digest: string): Promise<boolean> {
    const bytes = await this.#files.read(digest);
    if (bytes === undefined || decodeBundle(bytes, digest) === undefined) return false;
    await this.store(meta, digest, bytes);
    return true;
  }

  /** The index entry named by a digest, a unique digest prefix of 8+ characters, or an incident id. */
  async resolve(id: string): Promise<ForensicIndexEntry> {
    const exact = /^[0-9a-f]{64}$/.test(id) ? await this.#index.get(id) : undefined;
    if (exact !== undefined) return exact;
    const byIncident = await this.#index.list({ incidentId: id });
    if (byIncident.length > 0) return byIncident[0] as ForensicIndexEntry;
    if (/^[0-9a-f]{8,63}$/.test(id)) {
      const matches = (await this.#index.list()).filter((e) => e.digest.startsWith(id));
      if (matches.length === 1) return matches[0] as ForensicIndexEntry;
      if (matches.length > 1) throw rollbackErrors.error('RBK_ERR_UNKNOWN_BUNDLE', `the prefix "${id}" matches ${matches.length} bundles; give more characters`, { id, matches: matches.length });
    }
    throw rollbackErrors.error('RBK_ERR_UNKNOWN_BUNDLE', `no forensic bundle matches "${id}" (a digest, a digest prefix of 8+ characters, or an incident id)`, { id });
  }

  /** The raw bytes of a bundle, checked against its digest. */
  async bytes(entry: ForensicIndexEntry): Promise<Uint8Array> {
    const bytes = await this.#files.read(entry.digest);
    if (bytes === undefined) throw rollbackErrors.error('RBK_ERR_BUNDLE_CORRUPT', `forensic bundle ${entry.digest} is indexed but its file is missing (${entry.location})`, { digest: entry.digest, location: entry.location });
    if (decodeBundle(bytes, entry.digest) === undefined) {
      throw rollbackErrors.error('RBK_ERR_BUNDLE_CORRUPT', `forensic bundle ${entry.location} does not hash to ${entry.digest}: it was edited or truncated`, { digest: entry.digest, location: entry.location });
    }
    return bytes;
  }

  /** The parsed bundle, checked against its digest. */
  async read(entry: ForensicIndexEntry): Promise<ForensicBundle> {
    const bytes = await this.bytes(entry);
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as ForensicBundle;
  }

  /**
   * Removes bundles older than `retentionDays` (of `model` only, when given): the file,
   * then the index row. Returns the removed digests.
   *
   * @example
   * await archive.purge(clock.now(), 30);
   */
  async purge(now: number, retentionDays: number, model?: string): Promise<string[]> {
    const old = await this.#index.list({ createdBefore: now - retentionDays * DAY_MS, ...(model === undefined ? {} : { model }) });
    for (const entry of old) {
      await this.#files.remove(entry.digest);
      await this.#index.remove(entry.digest);
    }
    return old.map((e) => e.digest);
  }
}
