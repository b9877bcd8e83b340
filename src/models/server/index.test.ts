import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Clock } from '../../shared/clock.js';
import type { Model } from '../model.js';
import * as server from './index.js';
import type { ModelServer, ModelServerOptions, ServerErrorCode, ServerLogger } from './index.js';

describe('models/server public surface', () => {
  it('exports exactly its named API', () => {
    expect(Object.keys(server).sort()).toEqual(['HTTP_STATUS', 'INPUT_DATATYPES', 'SERVER_DEFAULTS', 'serverErrors', 'startModelServer', 'toHttpError']);
    expect(Object.keys(server.serverErrors.codes).every((code) => /^MDL_ERR_(INFER|SERVER)_[A-Z_]+$/.test(code))).toBe(true);
  });

  it('types: startModelServer, its options and the running server', () => {
    expectTypeOf(server.startModelServer).parameter(0).toEqualTypeOf<ModelServerOptions>();
    expectTypeOf(server.startModelServer).returns.resolves.toEqualTypeOf<ModelServer>();
    expectTypeOf<ModelServer['close']>().returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf<ModelServer['url']>().toEqualTypeOf<string>();
    expectTypeOf<ModelServerOptions['model']>().toEqualTypeOf<Model>();
    expectTypeOf<ModelServerOptions['clock']>().toEqualTypeOf<Clock | undefined>();
    expectTypeOf<ModelServerOptions['logger']>().toEqualTypeOf<ServerLogger | undefined>();
    expectTypeOf<'MDL_ERR_INFER_SHAPE_MISMATCH'>().toExtend<ServerErrorCode>();
    expectTypeOf(server.toHttpError).returns.toEqualTypeOf<server.HttpErrorAnswer>();
  });
});
