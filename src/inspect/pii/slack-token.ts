/**
 * @module inspect/pii/slack-token
 * Slack tokens: bot `xoxb-`, user `xoxp-`, app/workspace `xoxa-`, refresh `xoxr-`, legacy
 * `xoxs-`/`xoxo-`, and app-level `xapp-` tokens: the prefix, then dash-separated
 * alphanumeric parts, at least 15 characters after the prefix and with a digit.
 */
import type { Candidate, Recognizer } from './types.js';
import { eachMatch } from './scan.js';

const TOKEN = /(?<![A-Za-z0-9_-])(?:xox[abposr]|xapp)-(?:[0-9A-Za-z]{1,80}-){0,6}[0-9A-Za-z]{1,80}(?![A-Za-z0-9_-])/g;

/**
 * Finds Slack tokens.
 *
 * @example
 * findSlackTokens('SLACK_BOT_TOKEN=xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx');
 * // [{ start: 16, end: 71, type: 'SLACK_TOKEN', score: 1 }]
 */
export function findSlackTokens(text: string): Candidate[] {
  const out: Candidate[] = [];
  eachMatch(TOKEN, text, (m) => {
    const body = m[0].slice(5);
    if (body.length >= 15 && /\d/.test(body)) out.push({ start: m.index, end: m.index + m[0].length, type: 'SLACK_TOKEN', score: 1 });
  });
  return out;
}

/** The Slack token recogniser. */
export const slackTokenRecognizer: Recognizer = { type: 'SLACK_TOKEN', find: findSlackTokens };
