/**
 * @module dashboard/lib/runbook-links
 * Links to the runbooks. The pages of docs/runbooks/ are bundled with the dashboard at
 * build time (as content-hashed text files the control plane serves), so a link opens the
 * runbook of the bulwark that serves the page. A page missing at build time is shown as
 * its repository path, without a link. An alert's own `runbook.url` (set with
 * `alerts.runbookBaseUrl`) wins when it is an http(s) URL.
 */
import { RUNBOOK_TITLES } from './runbook-map';

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
 * runbookLink('entropy-collapse').href; // '/ui/assets/entropy-collapse-3f1c2a.md'
 */
export function runbookLink(id: string, override?: string): RunbookLink {
  const external = override !== undefined && /^https?:\/\//.test(override) ? override : undefined;
  return { id, title: RUNBOOK_TITLES[id] ?? id, path: `docs/runbooks/${id}.md`, href: external ?? BY_ID[id] };
}
