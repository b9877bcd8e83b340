/**
 * @module inspect/pii/github-token
 * GitHub tokens: classic personal access tokens `ghp_`, OAuth `gho_`, user-to-server
 * `ghu_`, server-to-server `ghs_` and refresh `ghr_` tokens (prefix + 36 or more
 * alphanumerics), and fine-grained personal access tokens `github_pat_` (+ 22 or more
 * alphanumerics and underscores). Not glued to other identifier characters.
 */
import type { Candidate, Recognizer } from './types.js';
import { eachMatch } from './scan.js';

const TOKEN = /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])/g;

/**
 * Finds GitHub tokens.
 *
 * @example
 * findGithubTokens('token: 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'); // [{ start: 7, end: 47, type: 'GITHUB_TOKEN', score: 1 }]
 */
export function findGithubTokens(text: string): Candidate[] {
  const out: Candidate[] = [];
  eachMatch(TOKEN, text, (m) => out.push({ start: m.index, end: m.index + m[0].length, type: 'GITHUB_TOKEN', score: 1 }));
  return out;
}

/** The GitHub token recogniser. */
export const githubTokenRecognizer: Recognizer = { type: 'GITHUB_TOKEN', find: findGithubTokens };
