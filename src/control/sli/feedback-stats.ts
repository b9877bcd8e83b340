/**
 * @module control/sli/feedback-stats
 * Detection precision and recall from what operators said, as pure functions of the
 * incidents. An incident bulwark opened is a detection; an operator marks it
 * `true_positive` or `false_positive` (or `inconclusive`, which counts for neither). A
 * missed attack is an incident an operator reported (`kind: missed`, POST /api/v1/incidents).
 *
 *   precision = TP / (TP + FP)          over detections with a verdict
 *   recall    = TP / (TP + missed)      attacks bulwark caught, among attacks confirmed by a human
 *
 * Detections without a verdict count for neither: the metrics say what humans confirmed.
 */
import type { Incident } from '../../rollback/index.js';

/** Incident ids of reported missed attacks start with this. */
export const MISSED_PREFIX = 'missed-';

/** Whether bulwark detected an incident or an operator reported it as missed. */
export type IncidentKind = 'detected' | 'missed';

/**
 * @example
 * incidentKind({ id: 'missed-01jd…', … }); // 'missed'
 */
export function incidentKind(incident: Pick<Incident, 'id'>): IncidentKind {
  return incident.id.startsWith(MISSED_PREFIX) ? 'missed' : 'detected';
}

/** Counts behind precision and recall. */
export interface FeedbackCounts {
  truePositive: number;
  falsePositive: number;
  inconclusive: number;
  /** Detections without a verdict yet. */
  unreviewed: number;
  missed: number;
}

/** The label that aggregates every model. */
export const ALL_MODELS = '*';

/**
 * Counts by model, plus {@link ALL_MODELS}.
 *
 * @example
 * feedbackCounts(incidents).get('fraud')?.truePositive;
 */
export function feedbackCounts(incidents: readonly Incident[]): Map<string, FeedbackCounts> {
  const out = new Map<string, FeedbackCounts>();
  const bucket = (model: string): FeedbackCounts => {
    let counts = out.get(model);
    if (counts === undefined) out.set(model, (counts = { truePositive: 0, falsePositive: 0, inconclusive: 0, unreviewed: 0, missed: 0 }));
    return counts;
  };
  for (const incident of incidents) {
    for (const counts of [bucket(incident.model), bucket(ALL_MODELS)]) {
      if (incidentKind(incident) === 'missed') counts.missed++;
      else if (incident.feedback === undefined) counts.unreviewed++;
      else if (incident.feedback.verdict === 'true_positive') counts.truePositive++;
      else if (incident.feedback.verdict === 'false_positive') counts.falsePositive++;
      else counts.inconclusive++;
    }
  }
  return out;
}

/**
 * TP / (TP + FP); undefined without any verdict.
 *
 * @example
 * precision({ truePositive: 3, falsePositive: 1, inconclusive: 0, unreviewed: 2, missed: 0 }); // 0.75
 */
export function precision(c: FeedbackCounts): number | undefined {
  const judged = c.truePositive + c.falsePositive;
  return judged === 0 ? undefined : c.truePositive / judged;
}

/**
 * TP / (TP + missed); undefined when no attack was confirmed.
 *
 * @example
 * recall({ truePositive: 3, falsePositive: 1, inconclusive: 0, unreviewed: 0, missed: 1 }); // 0.75
 */
export function recall(c: FeedbackCounts): number | undefined {
  const attacks = c.truePositive + c.missed;
  return attacks === 0 ? undefined : c.truePositive / attacks;
}
