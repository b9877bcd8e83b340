/**
 * The in-process RouteSwitch: atomic switch with epoch, one audit entry, a route-changed
 * event, validation before any change, and what config reloads do to a switched route.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.js';
import type { RouteChange, RouteSpec } from '../ports.js';
import { InProcessRouteSwitch } from './route-switch.js';
import type { RouteModelDecl } from './reconcile.js';

function decls(route: RouteSpec, versions = ['v1', 'v2', 'v3']): Map<string, RouteModelDecl> {
  return new Map([['fraud', { versions, route }]]);
}

function setup(auditFails = false) {
  const entries: { actor: string; action: string; target: string; details: Readonly<Record<string, unknown>> }[] = [];
  const errors: Error[] = [];
  const changes: RouteChange[] = [];
  const routes = new InProcessRouteSwitch({
    clock: new ManualClock(1_000),
    audit: {
      record: async (entry) => {
        if (auditFails) throw new Error('disk full');
        entries.push(entry);
      },
    },
    onError: (e) => void errors.push(e),
  });
  routes.subscribe((c) => void changes.push(c));
  routes.reconcile(decls({ active: 'v2', lkg: 'v1' }), { actor: 'config', reason: 'start' });
  return { routes, entries, errors, changes };
}

describe('InProcessRouteSwitch.switch', () => {
  it('starts at epoch 1 without an audit entry, then bumps the epoch, audits once and emits', async () => {
    const { routes, entries, changes } = setup();
    expect(routes.current('fraud')).toEqual({ model: 'fraud', active: 'v2', lkg: 'v1', epoch: 1 });
    expect(entries).toEqual([]);
    const next = await routes.switch('fraud', { active: 'v1', lkg: 'v1', weights: { v1: 95, v2: 5 } }, { actor: 'rollback', reason: 'entropy-collapse' });
    expect(next).toEqual({ model: 'fraud', active: 'v1', lkg: 'v1', weights: { v1: 95, v2: 5 }, epoch: 2 });
    expect(Object.isFrozen(next)).toBe(true);
    expect(routes.current('fraud')).toBe(next);
    expect(routes.slot('fraud')?.compiled.versions).toEqual(['v1', 'v2']);
    expect(entries).toEqual([
      {
        actor: 'rollback',
        action: 'route.switch',
        target: 'model:fraud',
        details: { reason: 'entropy-collapse', epoch: 2, from: { active: 'v2', lkg: 'v1', epoch: 1 }, to: { active: 'v1', lkg: 'v1', weights: { v1: 95, v2: 5 }, epoch: 2 } },
      },
    ]);
    expect(changes.map((c) => [c.prev.epoch, c.next.epoch, c.actor, c.reason, c.at])).toEqual([[1, 2, 'rollback', 'entropy-collapse', 1_000]]);
  });

  it('applies the switch before the audit entry is written (the next request sees it)', () => {
    const { routes } = setup();
    const pending = routes.switch('fraud', { active: 'v1' }, { actor: 'rollback', reason: 'x' });
    expect(routes.current('fraud')?.active).toBe('v1');
    return pending;
  });

  it('rejects an invalid route without changing anything', async () => {
    const { routes, entries, changes } = setup();
    await expect(routes.switch('fraud', { active: 'v9' }, { actor: 'a', reason: 'r' })).rejects.toMatchObject({ code: 'GW_ERR_INVALID_ROUTE', message: expect.stringContaining('active: version "v9" is not declared') });
    await expect(routes.switch('fraud', { active: 'v1', weights: { v1: 60, v2: 60 } }, { actor: 'a', reason: 'r' })).rejects.toThrow(/sum to 100, got 120/);
    await expect(routes.switch('nope', { active: 'v1' }, { actor: 'a', reason: 'r' })).rejects.toThrow(/no such model/);
    expect(routes.current('fraud')?.epoch).toBe(1);
    expect([entries, changes]).toEqual([[], []]);
  });

  it('keeps the switch in force when the audit entry fails, and says so', async () => {
    const { routes } = setup(true);
    await expect(routes.switch('fraud', { active: 'v1' }, { actor: 'rollback', reason: 'x' })).rejects.toMatchObject({ code: 'GW_ERR_AUDIT_FAILED', details: { model: 'fraud', epoch: 2 } });
    expect(routes.current('fraud')).toMatchObject({ active: 'v1', epoch: 2 });
  });

  it('never decreases epochs, even across a model removed and declared again', async () => {
    const { routes } = setup();
    await routes.switch('fraud', { active: 'v1' }, { actor: 'a', reason: 'r' });
    routes.reconcile(new Map(), { actor: 'config', reason: 'reload' });
    expect(routes.current('fraud')).toBeUndefined();
    routes.reconcile(decls({ active: 'v2' }), { actor: 'config', reason: 'reload' });
    expect(routes.current('fraud')?.epoch).toBe(3);
  });
});

describe('InProcessRouteSwitch.reconcile (config reloads)', () => {
  it('keeps a rolled-back route when the declared route did not change', async () => {
    const { routes, entries } = setup();
    await routes.switch('fraud', { active: 'v1', lkg: 'v1' }, { actor: 'rollback', reason: 'anomaly' });
    const { changes } = routes.reconcile(decls({ active: 'v2', lkg: 'v1' }), { actor: 'config', reason: 'reload' });
    expect(changes).toEqual([]);
    expect(routes.current('fraud')).toMatchObject({ active: 'v1', epoch: 2 });
    expect(entries).toHaveLength(1);
  });

  it('switches to a changed declared route, with an audit entry by the config', async () => {
    const { routes, entries } = setup();
    const { changes, audited } = routes.reconcile(decls({ active: 'v3', lkg: 'v2' }), { actor: 'config', reason: 'reload' });
    await audited;
    expect(changes.map((c) => c.next)).toEqual([{ model: 'fraud', active: 'v3', lkg: 'v2', epoch: 2 }]);
    expect(entries.map((e) => [e.actor, e.details['reason']])).toEqual([['config', 'config reload: the route in bulwark.yaml changed']]);
  });

  it('falls back to the declared route when the route in force names a removed version', async () => {
    const { routes } = setup();
    await routes.switch('fraud', { active: 'v3' }, { actor: 'rollback', reason: 'x' });
    routes.reconcile(decls({ active: 'v2', lkg: 'v1' }, ['v1', 'v2']), { actor: 'config', reason: 'reload' });
    expect(routes.current('fraud')).toMatchObject({ active: 'v2', epoch: 3 });
  });

  it('rejects an invalid declared route and changes nothing', () => {
    const { routes } = setup();
    expect(() => routes.reconcile(decls({ active: 'v9' }), { actor: 'config', reason: 'reload' })).toThrow(/GW_ERR_INVALID_ROUTE|not declared/);
    expect(routes.current('fraud')).toMatchObject({ active: 'v2', epoch: 1 });
  });
});
