import { describe, expect, it } from 'vitest';
import { runInspector } from '../../../test/helpers/inspector-exchange.js';
import { createPiiInspector } from '../pii/index.js';
import { outputDefinition } from './definition.js';
import { chatOutputSignals, classifierSignals, oipOutputSignals } from './output-signals.js';
import { findRefusal, REFUSAL_MARKERS } from './refusal.js';

const pii = createPiiInspector();

describe('classifier outputs', () => {
  it('confidence, margin and predicted class', () => {
    expect(classifierSignals([0.1, 0.7, 0.2])).toEqual({ confidence: 0.7, margin: expect.closeTo(0.5, 12), predicted_class: 1 });
    expect(classifierSignals([0.5, 0.5])).toEqual({ confidence: 0.5, margin: 0, predicted_class: 0 });
    expect(classifierSignals([1])).toEqual({ confidence: 1, margin: 1, predicted_class: 0 });
    expect(classifierSignals([])).toBeUndefined();
  });

  it('reads OIP response bodies: probabilities, a single score, logits; ignores junk', () => {
    const body = (data: number[], shape = [1, data.length]) => Buffer.from(JSON.stringify({ outputs: [{ name: 'p', datatype: 'FP32', shape, data }] }));
    expect(oipOutputSignals(body([0.1, 0.9]))).toEqual({ confidence: 0.9, margin: expect.closeTo(0.8, 12), predicted_class: 1 });
    expect(oipOutputSignals(body([0.03], [1, 1]))).toMatchObject({ confidence: 0.97, predicted_class: 0 });
    expect(oipOutputSignals(body([3, 1, 0]))?.predicted_class).toBe(0);
    expect(oipOutputSignals(Buffer.from('not json'))).toBeUndefined();
    expect(oipOutputSignals(Buffer.alloc(0))).toBeUndefined();
    expect(oipOutputSignals(Buffer.from('{"outputs":[]}'))).toBeUndefined();
  });
});

describe('refusals', () => {
  it('finds markers in seven languages, with typographic apostrophes', () => {
    expect(findRefusal('I’m sorry, but I can’t do that.')).toEqual({ language: 'en', marker: "i'm sorry, but i can't" });
    expect(findRefusal('Es tut mir leid, aber ich kann dabei nicht helfen.')?.language).toBe('de');
    expect(findRefusal('Désolé, mais je ne peux pas répondre à cela.')?.language).toBe('fr');
    expect(findRefusal('Lo siento, pero no puedo ayudarte con eso.')?.language).toBe('es');
    expect(findRefusal('Mi dispiace, ma non posso farlo.')?.language).toBe('it');
    expect(findRefusal('Desculpe, mas não posso ajudar com isso.')?.language).toBe('pt');
    expect(findRefusal('Het spijt me, maar ik kan dat niet doen.')?.language).toBe('nl');
    expect(Object.keys(REFUSAL_MARKERS)).toHaveLength(7);
  });

  it('does not fire on ordinary answers or late mentions', () => {
    expect(findRefusal('Sure! Here is the recipe: flour, water, salt.')).toBeUndefined();
    expect(findRefusal(`${'Here is a long and helpful answer. '.repeat(20)}I cannot provide more detail.`)).toBeUndefined();
  });
});

describe('chat leakage', () => {
  it('counts PII and flags secrets in the answer', () => {
    expect(chatOutputSignals('Sure: the key is AKIAIOSFODNN7EXAMPLE', pii)).toEqual({ refusal: false, output_pii_count: 0, output_secret: true });
    expect(chatOutputSignals('Write to jane@example.com or call +4915112345678.', pii)).toEqual({ refusal: false, output_pii_count: 2, output_secret: false });
    expect(chatOutputSignals("I can't help with that.", pii)).toEqual({ refusal: true, output_pii_count: 0, output_secret: false });
  });
});

describe('output inspector in the gateway', () => {
  it('classifiers: keeps the response body and writes confidence, margin, class', () => {
    const inspector = outputDefinition().create({ id: 'output' }, { name: 'fraud', protocol: 'oip-v2' });
    expect(inspector.needsResponseBody).toBe(true);
    const signals = runInspector(outputDefinition(), { protocol: 'oip-v2', json: {}, response: { body: Buffer.from('{"outputs":[{"name":"p","datatype":"FP32","shape":[1,2],"data":[0.25,0.75]}]}') } });
    expect(signals).toEqual({ confidence: 0.75, margin: 0.5, predicted_class: 1 });
  });

  it('chat: reads the assembled answer; skips error responses', () => {
    const signals = runInspector(outputDefinition(), { protocol: 'openai', json: {}, response: { text: 'Ich kann dir dabei nicht helfen.' } });
    expect(signals).toEqual({ refusal: true, output_pii_count: 0, output_secret: false });
    expect(runInspector(outputDefinition(), { protocol: 'openai', json: {}, response: { status: 500, text: 'AKIAIOSFODNN7EXAMPLE' } })).toEqual({});
    expect(outputDefinition().create({ id: 'output' }, { name: 'chat', protocol: 'openai' }).needsResponseBody).toBe(false);
  });
});
