/**
 * @module control/errors
 * Error catalog of the control-plane API (REST + SSE). The HTTP status of each code, and of
 * the other contexts' codes the API passes through, is in http-status.ts (the edge table).
 */
import { defineErrors } from '../shared/errors.js';

export const controlErrors = defineErrors('API', {
  API_ERR_UNAUTHORIZED: {
    kind: 'user',
    meaning: 'The request carries no bearer token, or one that matches no `control.tokens` entry.',
    fix: 'Send `Authorization: Bearer <token>` with a token whose sha256 is listed under control.tokens in bulwark.yaml.',
  },
  API_ERR_FORBIDDEN: {
    kind: 'user',
    meaning: "The token's role is too low for the route (viewer < operator < admin).",
    fix: 'Use a token with the role the route names in docs/control-plane.md, or raise the role in control.tokens.',
  },
  API_ERR_NOT_FOUND: {
    kind: 'user',
    meaning: 'No such route, or no such model, report or other resource.',
    fix: 'Check the path against /openapi.json and the name against GET /api/v1/models.',
  },
  API_ERR_METHOD_NOT_ALLOWED: {
    kind: 'user',
    meaning: 'The route exists but does not take this HTTP method.',
    fix: 'Use one of the methods in the Allow header of the response.',
  },
  API_ERR_MALFORMED_JSON: {
    kind: 'user',
    meaning: 'The request body is not valid JSON.',
    fix: 'Send a JSON document; the message gives the line and column of the first error.',
  },
  API_ERR_INVALID_REQUEST: {
    kind: 'user',
    meaning: 'The body, query or path parameters do not match the route schema.',
    fix: 'Fix each field named in details.problems (e.g. `body.reason: required`); /openapi.json has the schemas.',
  },
  API_ERR_UNSUPPORTED_MEDIA_TYPE: {
    kind: 'user',
    meaning: 'A request body was sent with a Content-Type other than application/json.',
    fix: 'Send `Content-Type: application/json`.',
  },
  API_ERR_BODY_TOO_LARGE: {
    kind: 'user',
    meaning: 'The request body is larger than control.maxBodyBytes.',
    fix: 'Send a smaller body, or raise control.maxBodyBytes in bulwark.yaml.',
  },
  API_ERR_REQUEST_TIMEOUT: {
    kind: 'user',
    meaning: 'The request body did not arrive within server.bodyTimeoutMs.',
    fix: 'Send the body at once; check the network between the client and bulwark.',
  },
  API_ERR_CONFLICT: {
    kind: 'user',
    meaning: 'The request conflicts with the state of the resource (for example feedback on a reported missed attack).',
    fix: 'Read the message; GET the resource to see its state.',
  },
  API_ERR_KNOBS_READ_ONLY: {
    kind: 'user',
    meaning: 'Knobs come from a source the control plane cannot write (redis, etcd), so PUT /api/v1/knobs is refused.',
    fix: 'Update the knobs in their source, or use `knobs: { source: file }` in bulwark.yaml.',
  },
  API_ERR_TOO_MANY_STREAMS: {
    kind: 'failure',
    meaning: 'The control plane already serves its maximum number of event streams.',
    fix: 'Close idle /api/v1/events connections (each dashboard tab holds one) and retry.',
  },
  API_ERR_DASHBOARD_NOT_BUILT: {
    kind: 'failure',
    meaning: 'The control plane serves the dashboard from dist/dashboard, which is missing (a checkout that was never built).',
    fix: 'Run `npm run build` (it builds the dashboard into dist/dashboard); the next request serves it, no restart needed.',
  },
  API_ERR_INTERNAL: {
    kind: 'failure',
    meaning: 'The control plane failed while handling the request (a bug, or a store failure).',
    fix: 'Read the gateway log for the cause; retry the request.',
  },
});

export type ControlErrorCode = keyof typeof controlErrors.codes;
