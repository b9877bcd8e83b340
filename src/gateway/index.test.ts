/**
 * The gateway's public surface: what index.ts exports, the shapes other contexts rely on
 * (RouteSwitch for the rollback orchestrator, Interceptor and Exchange for extensions,
 * LedgerStore for the adapters), and the edge's status table covering every code.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { GATEWAY_HTTP_STATUS, InProcessRouteSwitch, gatewayErrors, statusForCode } from './index.js';
import type { Exchange, Handler, Interceptor, LedgerStore, RequestEvent, RouteSpec, RouteSwitch, RouteTable, SwitchMeta } from './index.js';

describe('gateway public API', () => {
  it('gives every GW code one HTTP status, and 500 to anything else', () => {
    expect(Object.keys(GATEWAY_HTTP_STATUS).sort()).toEqual(Object.keys(gatewayErrors.codes).sort());
    for (const [code, spec] of Object.entries(gatewayErrors.codes)) {
      const status = statusForCode(code);
      if (spec.kind === 'user' && status < 500) expect(status, code).toBeGreaterThanOrEqual(400);
    }
    expect(statusForCode('CFG_ERR_INVALID')).toBe(500);
  });

  it('has the types other contexts depend on', () => {
    expectTypeOf<InProcessRouteSwitch>().toMatchTypeOf<RouteSwitch>();
    expectTypeOf<RouteSwitch['switch']>().parameters.toEqualTypeOf<[string, RouteSpec, SwitchMeta]>();
    expectTypeOf<RouteSwitch['switch']>().returns.toEqualTypeOf<Promise<RouteTable>>();
    expectTypeOf<Interceptor['wrap']>().toEqualTypeOf<(next: Handler) => Handler>();
    expectTypeOf<Handler>().toEqualTypeOf<(exchange: Exchange) => Promise<void>>();
    expectTypeOf<LedgerStore['append']>().returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf<RequestEvent['signals']>().toEqualTypeOf<Readonly<Record<string, number | boolean>>>();
  });
});
