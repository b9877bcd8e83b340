import { describe, expect, it } from 'vitest';
import { corsHeaders, preflightHeaders } from './cors.js';

describe('CORS', () => {
  it('is off without configured origins', () => {
    expect(corsHeaders('https://dash.example', [])).toEqual({});
    expect(preflightHeaders('https://dash.example', [], ['GET'])).toEqual({ allow: 'GET, OPTIONS' });
  });

  it('echoes an allowed origin only', () => {
    expect(corsHeaders('https://evil.example', ['https://dash.example'])).toEqual({});
    expect(corsHeaders(undefined, ['https://dash.example'])).toEqual({});
    expect(corsHeaders('https://dash.example', ['https://dash.example'])).toMatchObject({ 'access-control-allow-origin': 'https://dash.example', vary: 'Origin' });
    expect(preflightHeaders('https://dash.example', ['https://dash.example'], ['GET', 'PUT'])).toMatchObject({
      'access-control-allow-methods': 'GET, PUT, OPTIONS',
      'access-control-allow-headers': 'authorization, content-type, last-event-id',
    });
  });
});
