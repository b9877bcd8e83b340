/**
 * @module rollback/registry-port
 * The RegistryPort over the model registry: quarantines the suspect version (a version the
 * registry does not know is reported, not an error: the gateway config may name versions
 * that were never registered) and describes versions for the forensic bundle.
 */
import type { Registry } from '../registry/index.js';
import type { QuarantineResult, RegistryPort } from './ports.js';

const codeOf = (err: unknown): string | undefined => (err as { code?: string }).code;

/**
 * @example
 * const port = new RegistryQuarantine(registry);
 * await port.quarantine('fraud', 'v2', { actor: 'bulwark:rollback', reason: 'incident inc-…' }); // 'quarantined'
 */
export class RegistryQuarantine implements RegistryPort {
  readonly #registry: Pick<Registry, 'getVersion' | 'setStatus'>;

  constructor(registry: Pick<Registry, 'getVersion' | 'setStatus'>) {
    this.#registry = registry;
  }

  async quarantine(model: string, version: string, by: { readonly actor: string; readonly reason: string }): Promise<QuarantineResult> {
    try {
      const event = await this.#registry.setStatus(model, version, 'quarantined', by);
      return event === undefined ? 'already' : 'quarantined';
    } catch (err) {
      const code = codeOf(err);
      if (code === 'REG_ERR_UNKNOWN_MODEL' || code === 'REG_ERR_UNKNOWN_VERSION' || code === 'REG_ERR_INVALID_NAME') return 'not_registered';
      if (code === 'REG_ERR_INVALID_TRANSITION') return 'not_allowed';
      throw err;
    }
  }

  async describe(model: string, version: string): Promise<{ readonly artifactDigest: string | null; readonly status: string | null; readonly baselines: readonly string[] }> {
    try {
      const view = await this.#registry.getVersion(model, version);
      return { artifactDigest: view.record.artifact.digest, status: view.status, baselines: view.documents.filter((d) => d.kind === 'baseline').map((d) => d.digest) };
    } catch (err) {
      const code = codeOf(err);
      if (code === 'REG_ERR_UNKNOWN_MODEL' || code === 'REG_ERR_UNKNOWN_VERSION' || code === 'REG_ERR_INVALID_NAME') return { artifactDigest: null, status: null, baselines: [] };
      throw err;
    }
  }
}
