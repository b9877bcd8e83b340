/**
 * @module control/adapters/dashboard-dir
 * The dashboard's built files read from a folder: by default `dist/dashboard` of this
 * package (what `npm run build` writes with Vite), found from this module's own location,
 * which is three levels under the package root both as source (`src/control/adapters/`)
 * and as built code (`dist/control/adapters/`). Files are read on each request (the
 * dashboard is small and few people open it), so a rebuild is served without a restart.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DashboardFiles } from '../ports.js';

/**
 * `dist/dashboard` of the package this module belongs to.
 *
 * @example
 * defaultDashboardDir(); // '/opt/bulwark/dist/dashboard'
 */
export function defaultDashboardDir(): string {
  return fileURLToPath(new URL('../../../dist/dashboard/', import.meta.url));
}

/**
 * @example
 * const files = new DashboardDir(defaultDashboardDir());
 * await files.built(); // false in a checkout that was never built
 */
export class DashboardDir implements DashboardFiles {
  readonly #root: string;

  constructor(root: string) {
    this.#root = resolve(root);
  }

  async built(): Promise<boolean> {
    try {
      return (await stat(join(this.#root, 'index.html'))).isFile();
    } catch {
      return false;
    }
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    const file = resolve(this.#root, path);
    // The routes admit plain names only; this keeps any other caller inside the folder too.
    if (!file.startsWith(this.#root + sep)) return undefined;
    try {
      return await readFile(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined;
      throw err;
    }
  }
}
