/**
 * @module dashboard/components/badges
 * Small labelled states: severity, breaker state, incident state, stream status. Colour is
 * never the only cue: each badge says its value in words.
 */

const BREAKER_TONE: Readonly<Record<string, string>> = { steady: 'ok', rolling_back: 'warn', rolled_back: 'warn', rolling_forward: 'info', frozen: 'bad' };
const INCIDENT_TONE: Readonly<Record<string, string>> = { rolling_back: 'warn', mitigated: 'info', frozen: 'bad', resolved: 'ok' };
const SEVERITY_TONE: Readonly<Record<string, string>> = { page: 'bad', ticket: 'warn', soft: 'info' };

function words(value: string): string {
  return value.replace(/_/g, ' ');
}

export function SeverityBadge({ severity }: { readonly severity: string }) {
  return <span className={`badge tone-${SEVERITY_TONE[severity] ?? 'info'}`}>{severity}</span>;
}

export function BreakerBadge({ kind }: { readonly kind: string | null }) {
  if (kind === null) return <span className="badge tone-muted">no breaker</span>;
  return <span className={`badge tone-${BREAKER_TONE[kind] ?? 'info'}`}>{words(kind)}</span>;
}

export function IncidentStateBadge({ state }: { readonly state: string }) {
  return <span className={`badge tone-${INCIDENT_TONE[state] ?? 'info'}`}>{words(state)}</span>;
}
