/**
 * @module redteam/suite/integrity
 * The data-integrity check the suite runs for a registered version: its dataset manifest
 * against its model's LKG's (provenance manifests, docs/provenance.md). Violations: a
 * manifest missing (the LKG has one, the version none), each file of the LKG's manifest
 * removed or changed (sha256 or size), and the total row count moving by more than the
 * tolerance (a share of the LKG's rows). Added files are not violations: new data is
 * expected. The count goes to report.json and to `bulwark_data_integrity_violations`.
 * Pure.
 */
import { diffManifests, validateDatasetManifest } from '../../provenance/index.js';
import type { IntegrityFinding, IntegrityReport } from '../report/report-types.js';

/** The manifests the check compares (as read from the registry, not yet validated). */
export interface ManifestPair {
  /** The version under test's manifest, if it has one. */
  readonly version?: unknown;
  /** The model's LKG version and its manifest; absent when the model has no LKG. */
  readonly lkg?: { readonly version: string; readonly manifest?: unknown };
}

/**
 * Compares the manifests. `rowTolerance` is a share: 0.1 allows ±10% of the LKG's rows.
 *
 * @example
 * checkIntegrity({ version: v2Manifest, lkg: { version: 'v1', manifest: v1Manifest } }, 0.1).violations; // 0 when only files were added
 */
export function checkIntegrity(pair: ManifestPair, rowTolerance: number): IntegrityReport {
  const lkgVersion = pair.lkg?.version ?? null;
  if (pair.lkg === undefined) return { checked: false, violations: 0, lkg_version: null, findings: [], note: 'the model has no LKG version to compare with' };
  if (pair.lkg.manifest === undefined) {
    const note = pair.version === undefined ? 'neither the version nor its LKG has a dataset manifest' : `the LKG (${pair.lkg.version}) has no dataset manifest to compare with`;
    return { checked: false, violations: 0, lkg_version: lkgVersion, findings: [], note };
  }
  const lkg = validateDatasetManifest(pair.lkg.manifest, `dataset manifest of the LKG ${pair.lkg.version}`);
  if (pair.version === undefined) {
    const finding: IntegrityFinding = { kind: 'manifest_missing', detail: `the version has no dataset manifest; its LKG (${pair.lkg.version}) has one (root ${lkg.root.slice(0, 12)}…)` };
    return { checked: true, violations: 1, lkg_version: lkgVersion, findings: [finding] };
  }
  const current = validateDatasetManifest(pair.version, 'dataset manifest of the version');
  const diff = diffManifests(lkg, current);
  const findings: IntegrityFinding[] = [
    ...diff.removed.map((f): IntegrityFinding => ({ kind: 'file_removed', path: f.path, detail: `${f.path} of the LKG's dataset is gone${f.rows === undefined ? '' : ` (${f.rows} rows)`}` })),
    ...diff.changed.map((c): IntegrityFinding => ({
      kind: 'file_changed',
      path: c.path,
      detail: `${c.path} changed (sha256 ${c.before.sha256.slice(0, 12)}… → ${c.after.sha256.slice(0, 12)}…${c.rowDelta === null ? '' : `, rows ${c.before.rows} → ${c.after.rows}`})`,
    })),
  ];
  const before = diff.rowsBefore;
  const delta = diff.rowsAfter - before;
  if (before > 0 && Math.abs(delta) > rowTolerance * before) {
    findings.push({ kind: 'rows_changed', detail: `rows ${before} → ${diff.rowsAfter} (${delta >= 0 ? '+' : ''}${delta}, tolerance ±${Math.round(rowTolerance * 1000) / 10}%)` });
  }
  return { checked: true, violations: findings.length, lkg_version: lkgVersion, findings };
}
