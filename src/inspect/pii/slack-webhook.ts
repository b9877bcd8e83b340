/**
 * @module inspect/pii/slack-webhook
 * Slack incoming-webhook and workflow URLs (`https://hooks.slack.com/services/T…/B…/…`,
 * `/workflows/…`, `/triggers/…`): whoever holds one can post into the channel, so the
 * whole URL is a secret.
 */
import type { Candidate, Recognizer } from './types.js';
import { eachMatch } from './scan.js';

const WEBHOOK = /https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_-]{4,64}(?:\/[A-Za-z0-9_-]{4,64}){1,4}/g;

/**
 * Finds Slack webhook URLs.
 *
 * @example
 * findSlackWebhooks('POST https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX');
 * // [{ start: 5, end: 86, type: 'SLACK_WEBHOOK', score: 1 }]
 */
export function findSlackWebhooks(text: string): Candidate[] {
  const out: Candidate[] = [];
  eachMatch(WEBHOOK, text, (m) => out.push({ start: m.index, end: m.index + m[0].length, type: 'SLACK_WEBHOOK', score: 1 }));
  return out;
}

/** The Slack webhook recogniser. */
export const slackWebhookRecognizer: Recognizer = { type: 'SLACK_WEBHOOK', find: findSlackWebhooks };
