/**
 * @module test/helpers/inspector-exchange
 * Test support: the few fields of a gateway `Exchange` the inspectors read, as a plain
 * object, and a runner that calls an inspector's hooks like the gateway's `inspect`
 * interceptor does. Used by the inspectors' unit tests only.
 */
import type { CapturedResponse, Exchange, InspectorDefinition, Signals } from '../../src/gateway/index.js';

/** The fields of an exchange an inspector reads. */
export interface FakeExchangeInit {
  readonly protocol: 'oip-v2' | 'openai';
  readonly json?: unknown;
  readonly body?: Buffer;
  readonly model?: string;
  readonly version?: string;
  readonly response?: Partial<CapturedResponse>;
}

/**
 * A stand-in exchange (only the fields inspectors read).
 *
 * @example
 * const ex = fakeExchange({ protocol: 'openai', json: { messages: [] } });
 */
export function fakeExchange(init: FakeExchangeInit): Exchange {
  const body = init.body ?? Buffer.from(init.json === undefined ? '' : JSON.stringify(init.json));
  const response = init.response === undefined ? undefined : { status: 200, headers: {}, body: undefined, text: undefined, ...init.response };
  return { protocol: init.protocol, json: init.json, body, version: init.version ?? 'v1', signals: {}, response } as unknown as Exchange;
}

/**
 * Runs a definition's request and response hooks on a fake exchange; returns its signals.
 *
 * @example
 * runInspector(entropyDefinition(), { protocol: 'openai', json }); // { byte_entropy: …, … }
 */
export function runInspector(definition: InspectorDefinition, init: FakeExchangeInit, settings: { threshold?: number } = {}): Signals {
  const ex = fakeExchange(init);
  const inspector = definition.create({ id: definition.id, ...settings }, { name: init.model ?? 'm', protocol: init.protocol });
  inspector.inspectRequest?.(ex, ex.signals);
  if (ex.response !== undefined) inspector.inspectResponse?.(ex, ex.signals);
  return ex.signals;
}
