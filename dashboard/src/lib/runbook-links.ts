/**
 * @module dashboard/lib/runbook-links
 * Links to the runbooks the API names (`runbooks` of an incident, `runbook` of an alert:
 * id, title, repository path and URL, all from src/alerts/runbooks.ts on the server). The
 * pages of docs/runbooks/ are bundled with the dashboard at build time (as content-hashed
 * text files the control plane serves), so a link opens the runbook of the bulwark that
 * serves the page. The server's URL wins when it is an http(s) URL (`alerts.runbookBaseUrl`);
 * a page missing at build time is shown as its repository path, without a link.
 */
import type { Runbook } from '../api/openapi-types';

const FILES = import.meta.glob<string>(['../../../docs/runbooks/*.md', '!**/README.md'], { query: '?url', import: 'default', eager: true });

const BY_ID: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(FILES).map(([path, url]) => [path.slice(path.lastIndexOf('/') + 1, -'.md'.length), url]),
);

export interface RunbookLink {
  readonly id: string;
  readonly title: string;
  /** The repository path, `docs/runbooks/<id>.md`. */
  readonly path: string;
  /** Where the page can be opened; undefined when it was not bundled. */
  readonly href: string | undefined;
}

/**
 * @example
 * runbookLink({ id: 'entropy-collapse', title: 'Entropy collapse', path: 'docs/runbooks/entropy-collapse.md', url: 'docs/runbooks/entropy-collapse.md' }).href;
 * // '/ui/assets/entropy-collapse-3f1c2a.md'
 */
export function runbookLink(runbook: Runbook): RunbookLink {
  const external = /^https?:\/\//.test(runbook.url) ? runbook.url : undefined;
  return { id: runbook.id, title: runbook.title, path: runbook.path, href: external ?? BY_ID[runbook.id] };
}
