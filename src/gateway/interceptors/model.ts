/**
 * @module gateway/interceptors/model
 * The `model` interceptor: resolves the declared model a request names (the OIP path, or
 * the chat body's `model`), checks it speaks the endpoint's protocol and that the API key
 * may call it (`keys[].models`).
 */
import { gatewayErrors } from '../errors.js';
import type { Interceptor } from './compose.js';

const MAX_NAME_IN_MESSAGE = 128;

/**
 * @example
 * modelInterceptor();
 */
export function modelInterceptor(): Interceptor {
  return {
    id: 'model',
    after: ['auth', 'body'],
    wrap: (next) => (ex) => {
      const name = ex.endpoint === 'chat' ? (ex.json as { model?: unknown }).model : ex.pathModel;
      if (typeof name !== 'string' || name === '') throw gatewayErrors.error('GW_ERR_BAD_REQUEST', 'the request body needs a string "model" naming a declared model', { field: 'model' });
      const model = ex.state.models.get(name);
      // Error messages only: not built on the success path.
      const shown = (): string => JSON.stringify(name.slice(0, MAX_NAME_IN_MESSAGE));
      if (model === undefined) throw gatewayErrors.error('GW_ERR_UNKNOWN_MODEL', `no model named ${shown()}`, {});
      if (model.protocol !== ex.protocol) {
        throw gatewayErrors.error('GW_ERR_WRONG_PROTOCOL', `model ${shown()} speaks ${model.protocol}, not ${ex.protocol}`, { model: name, protocol: model.protocol });
      }
      const allowed = ex.apiKey?.models;
      if (allowed !== undefined && !allowed.has(name)) {
        throw gatewayErrors.error('GW_ERR_FORBIDDEN', `API key "${ex.apiKey?.id}" may not call model ${shown()}`, { model: name });
      }
      ex.model = model;
      return next(ex);
    },
  };
}
