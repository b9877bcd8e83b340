/**
 * @module control/redteam-reports
 * Red-team reports as the registry holds them: documents of kind `redteam-report`
 * attached to model versions (the red-team suite attaches one per run; until it exists the
 * list is empty). A RedteamReportSource over any VersionCatalog.
 */
import { CONTROL_DEFAULTS } from './defaults.js';
import type { RedteamReportRef, RedteamReportSource, VersionCatalog } from './ports.js';
import { versionsOf } from './registry-views.js';

/**
 * @example
 * const reports = registryReports(registry);
 * await reports.list({ model: 'fraud' }); // newest first
 */
export function registryReports(versions: VersionCatalog, kind: string = CONTROL_DEFAULTS.redteamReportKind): RedteamReportSource {
  const list = async (filter: { readonly model?: string; readonly version?: string } = {}): Promise<RedteamReportRef[]> => {
    const refs: RedteamReportRef[] = [];
    for (const view of await versionsOf(versions, filter.model)) {
      if (filter.version !== undefined && view.record.version !== filter.version) continue;
      for (const doc of view.documents) {
        if (doc.kind === kind) refs.push({ model: doc.model, version: doc.version, digest: doc.digest, attachedAt: doc.attachedAt, actor: doc.actor });
      }
    }
    return refs.sort((a, b) => b.attachedAt - a.attachedAt);
  };
  return {
    list,
    async read(digest) {
      const ref = (await list()).find((r) => r.digest === digest);
      if (ref === undefined) return undefined;
      const doc = await versions.readDocument(digest);
      if (doc === undefined) return undefined;
      const text = Buffer.from(doc.content).toString('utf8');
      let report: unknown = text;
      if (/json/i.test(doc.mediaType)) {
        try {
          report = JSON.parse(text) as unknown;
        } catch {
          report = text; // served as stored
        }
      }
      return { ref, mediaType: doc.mediaType, report };
    },
  };
}
