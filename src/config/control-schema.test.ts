import { describe, expect, it } from 'vitest';
import { problemLine } from './issues.js';
import { validateWith } from './load.js';
import { bulwarkConfigSchema } from './schema.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

function problems(control: unknown): string[] {
  const result = validateWith(bulwarkConfigSchema, { control });
  return result.ok ? [] : result.problems.map(problemLine);
}

describe('the control: section', () => {
  it('defaults to no tokens, CORS off and a 256 KiB body limit', () => {
    expect(bulwarkConfigSchema.parse({}).control).toEqual({ tokens: [], cors: { origins: [] }, maxBodyBytes: 262_144 });
  });

  it('takes tokens with roles (digests lower-cased) and origins', () => {
    const parsed = bulwarkConfigSchema.parse({ control: { tokens: [{ id: 'alice', sha256: A.toUpperCase(), role: 'operator' }], cors: { origins: ['https://dash.example:8443'] } } });
    expect(parsed.control.tokens).toEqual([{ id: 'alice', sha256: A, role: 'operator' }]);
  });

  it('names the field of each problem', () => {
    expect(problems({ tokens: [{ id: 'alice', sha256: A, role: 'root' }] })).toEqual([expect.stringMatching(/^control\.tokens\[0\]\.role: /)]);
    expect(problems({ tokens: [{ id: 'alice', sha256: A, role: 'admin' }, { id: 'alice', sha256: B, role: 'viewer' }, { id: 'bob', sha256: A, role: 'viewer' }] })).toEqual([
      'control.tokens[1].id: duplicate token id "alice" (also tokens[0])',
      'control.tokens[2].sha256: same digest as tokens[0]',
    ]);
    expect(problems({ cors: { origins: ['https://dash.example/path'] } })).toEqual([expect.stringMatching(/^control\.cors\.origins\[0\]: expected an origin/)]);
    expect(problems({ token: [] })).toEqual(['control.token: unknown key']);
    expect(problems({ tokens: [{ id: 'x', sha256: 'nope', role: 'viewer' }] })).toEqual([expect.stringMatching(/^control\.tokens\[0\]\.sha256: expected a sha256/)]);
  });
});
