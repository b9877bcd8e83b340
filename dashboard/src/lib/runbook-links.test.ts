import { describe, expect, it } from 'vitest';
import { runbookLink } from './runbook-links';

const drift = { id: 'drift', title: 'Drift (PSI / KS / out-of-distribution)', path: 'docs/runbooks/drift.md', url: 'docs/runbooks/drift.md' };

describe('runbook links (the API names the runbook, the dashboard links it)', () => {
  it('takes id, title and path from the API and links the bundled page', () => {
    const link = runbookLink(drift);
    expect([link.id, link.title, link.path]).toEqual(['drift', 'Drift (PSI / KS / out-of-distribution)', 'docs/runbooks/drift.md']);
    expect(link.href).toMatch(/drift.*\.md$/);
  });

  it("prefers the server's http(s) URL (alerts.runbookBaseUrl), and shows an unbundled page without a link", () => {
    expect(runbookLink({ ...drift, url: 'https://runbooks.example/bulwark/drift.md' }).href).toBe('https://runbooks.example/bulwark/drift.md');
    expect(runbookLink({ id: 'not-a-page', title: 'Not a page', path: 'docs/runbooks/not-a-page.md', url: 'docs/runbooks/not-a-page.md' }).href).toBeUndefined();
  });
});
