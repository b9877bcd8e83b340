/**
 * @module store/memory/memory-document-store
 * In-memory content-addressed DocumentStore: blobs keyed by the sha256 (hex) of their
 * bytes. Bytes are copied in and out.
 */
import type { DocumentStore } from '../../registry/ports.js';
import { sha256Hex } from '../../shared/digest.js';
import type { OpenGuard } from '../open-guard.js';

interface Blob {
  readonly content: Uint8Array;
  readonly mediaType: string;
}

/**
 * The memory implementation of {@link DocumentStore}. Putting bytes that are already
 * stored is a no-op, even with another media type: the first media type stays.
 *
 * @example
 * const digest = await documents.put(new TextEncoder().encode('{}'), 'application/json');
 */
export class MemoryDocumentStore implements DocumentStore {
  readonly #guard: OpenGuard;
  readonly #blobs = new Map<string, Blob>();

  constructor(guard: OpenGuard) {
    this.#guard = guard;
  }

  async put(content: Uint8Array, mediaType: string): Promise<string> {
    this.#guard.assertOpen();
    const digest = sha256Hex(content);
    if (!this.#blobs.has(digest)) this.#blobs.set(digest, { content: new Uint8Array(content), mediaType });
    return digest;
  }

  async get(digest: string): Promise<{ readonly content: Uint8Array; readonly mediaType: string } | undefined> {
    this.#guard.assertOpen();
    const blob = this.#blobs.get(digest);
    return blob === undefined ? undefined : { content: new Uint8Array(blob.content), mediaType: blob.mediaType };
  }
}
