/**
 * @module adapters/alerts/slack-sink
 * The Slack sink: a Slack incoming-webhook payload (`text` as the notification fallback,
 * plus Block Kit `blocks`: header, summary, fields, group members or held-back counts,
 * runbook link). Works with any Slack-compatible receiver (Mattermost, Rocket.Chat).
 */
import { httpOutcome } from '../../alerts/index.js';
import type { AlertClass, AlertNotification, AlertSinkPort, DeliveryResult, HttpPoster, RunbookLink } from '../../alerts/index.js';
import { sinkId } from './sink-id.js';

const ICON: Readonly<Record<AlertClass, string>> = { page: ':rotating_light:', ticket: ':warning:', info: ':information_source:' };
/** Slack's limits: header text 150, section text 3000, 10 fields per section. */
const HEADER_MAX = 150;
const TEXT_MAX = 3000;

/** The payload of one notification. */
export interface SlackPayload {
  readonly text: string;
  readonly blocks: readonly Record<string, unknown>[];
}

/**
 * @example
 * slackPayload(notification).text; // ':rotating_light: [PAGE] fraud: entropy collapsed on v2'
 */
export function slackPayload(n: AlertNotification): SlackPayload {
  const label = n.action === 'resolve' ? ':white_check_mark: [RESOLVED]' : `${ICON[n.severity]} [${n.severity.toUpperCase()}]`;
  const text = `${label} ${n.summary}`;
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(`${label.replace(/:[a-z_]+: /, '')} ${n.model} · ${n.rule}`, HEADER_MAX), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: cut(escape(n.summary), TEXT_MAX) } },
  ];
  const fields = facts(n).map(([name, value]) => ({ type: 'mrkdwn', text: cut(`*${name}*\n${escape(value)}`, 2000) }));
  if (fields.length > 0) blocks.push({ type: 'section', fields: fields.slice(0, 10) });
  const list = listing(n);
  if (list !== undefined) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(list, TEXT_MAX) } });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: cut(context(n), TEXT_MAX) }] });
  return { text, blocks };
}

/**
 * @example
 * const sink = new SlackSink({ url, accepts: ['ticket'], http });
 */
export class SlackSink implements AlertSinkPort {
  readonly id: string;
  readonly kind = 'slack';
  readonly accepts: readonly AlertClass[];
  readonly #url: string;
  readonly #http: HttpPoster;

  constructor(options: { readonly url: string; readonly accepts: readonly AlertClass[]; readonly http: HttpPoster }) {
    this.id = sinkId('slack', options.url);
    this.accepts = options.accepts;
    this.#url = options.url;
    this.#http = options.http;
  }

  async deliver(notification: AlertNotification): Promise<DeliveryResult> {
    const { status, error } = await this.#http.post(this.#url, JSON.stringify(slackPayload(notification)), { 'content-type': 'application/json' });
    return httpOutcome(status, error);
  }
}

function facts(n: AlertNotification): [string, string][] {
  const out: [string, string][] = [['Severity', n.severity]];
  if (n.version !== undefined) out.push(['Version', n.version]);
  if (n.apiKeys.length > 0) out.push(['API keys', n.apiKeys.slice(0, 5).join(', ') + (n.apiKeys.length > 5 ? ` (+${n.apiKeys.length - 5})` : '')]);
  if (n.automatedAction !== undefined) out.push(['Automated action', n.automatedAction]);
  if (n.incidentId !== undefined) out.push(['Incident', n.incidentId]);
  if (n.count > 1 || n.repeatsBefore > 0) out.push(['Occurrences', `${n.count}${n.repeatsBefore > 0 ? ` (${n.repeatsBefore} repeats before)` : ''}`]);
  return out;
}

function listing(n: AlertNotification): string | undefined {
  if (n.members !== undefined) {
    const lines = n.members.map((m) => `• ${escape(m.summary)}${m.count > 1 ? ` (×${m.count})` : ''}`);
    if ((n.moreMembers ?? 0) > 0) lines.push(`…and ${n.moreMembers} more`);
    return lines.join('\n');
  }
  if (n.heldBack !== undefined) return n.heldBack.samples.map((s) => `• [${s.severity}] ${escape(s.summary)}`).join('\n') || undefined;
  return undefined;
}

function context(n: AlertNotification): string {
  const parts = [`Runbook: ${link(n.runbook)}`, ...n.related.map((r) => `see also ${link(r)}`), `key \`${n.dedupeKey}\``];
  return parts.join(' · ');
}

function link(runbook: RunbookLink): string {
  return /^https?:\/\//.test(runbook.url) ? `<${runbook.url}|${escape(runbook.title)}>` : `${escape(runbook.title)} (\`${runbook.url}\`)`;
}

/** Slack mrkdwn control characters. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
