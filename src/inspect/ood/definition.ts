/**
 * @module inspect/ood/definition
 * The OOD inspector as a gateway `InspectorDefinition` (id `ood`, OIP v2 models): writes
 * `ood_max_z`, `ood_mahalanobis` and `ood` (boolean, distance above the threshold) using
 * the serving version's baseline features. The scorer (with Σ⁻¹) is compiled once per
 * baseline object and cached. Without a baseline with features, or with fewer features in
 * the request than in the baseline, it writes `ood_unavailable: true`.
 * Settings: `threshold` (Mahalanobis distance) overrides the baseline's p99.
 */
import type { BaselineProfile } from '../../detect/baseline.js';
import type { InspectorDefinition } from '../../gateway/index.js';
import { decodedInputs } from '../oip/decoded.js';
import type { InspectorResources } from '../resources.js';
import { OOD_ID } from './defaults.js';
import { oodSignals } from './ood-inspector.js';
import { compileOod } from './ood-model.js';
import type { OodModel } from './ood-model.js';

/**
 * @example
 * new Gateway({ ...options, inspectors: [oodDefinition(resources)] }); // models list `inspectors: [{ id: ood, threshold: 6 }]`
 */
export function oodDefinition(resources: InspectorResources): InspectorDefinition {
  return {
    id: OOD_ID,
    create: (settings, model) => {
      const compiled = new WeakMap<BaselineProfile, OodModel | null>();
      const scorer = (profile: BaselineProfile): OodModel | null => {
        let entry = compiled.get(profile);
        if (entry === undefined) {
          try {
            entry = compileOod(profile, { threshold: settings.threshold });
          } catch {
            entry = null;
          }
          compiled.set(profile, entry);
        }
        return entry;
      };
      return {
        id: OOD_ID,
        inspectRequest(ex, signals) {
          if (ex.protocol !== 'oip-v2' || ex.json === undefined || ex.version === undefined) return;
          const profile = resources.forVersion(model.name, ex.version)?.baseline;
          const ood = profile === undefined ? null : scorer(profile);
          const result = ood === null ? undefined : oodSignals(decodedInputs(ex.json), ood);
          if (result === undefined || !result.ok) {
            signals['ood_unavailable'] = true;
            return;
          }
          signals['ood_max_z'] = result.ood_max_z;
          signals['ood_mahalanobis'] = result.ood_mahalanobis;
          signals['ood'] = result.ood;
        },
      };
    },
  };
}
