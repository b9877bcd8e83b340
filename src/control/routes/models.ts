/**
 * @module control/routes/models
 * Models (declared versions, the route in force, the breaker), their registry versions,
 * and the operator commands on them: approve a roll-forward, unfreeze. The commands go
 * through the code `bulwark approve|unfreeze` uses (requestOperatorCommand: checked against
 * the breaker state, audit-logged as `breaker.<type>.requested` under the token id, queued
 * for the orchestrator), answered 202 with the queued command.
 */
import { z } from 'zod';
import { breakerErrors } from '../../breaker/index.js';
import { requestOperatorCommand } from '../../rollback/index.js';
import type { OperatorCommand } from '../../rollback/index.js';
import { controlErrors } from '../errors.js';
import { defineRoute } from '../router.js';
import type { AnyRoute, Principal, Reply } from '../router.js';
import type { ControlServices } from '../services.js';
import { approveBody, modelParams, unfreezeBody } from '../schemas/requests.js';
import { commandSchema, modelSchema, versionSchema } from '../schemas/responses.js';
import { modelView } from '../views.js';
import { versionsOf } from '../registry-views.js';

const TAG = 'models';

/** Throws API_ERR_NOT_FOUND unless `model` is declared in the config in force. */
export function requireModel(services: ControlServices, model: string): void {
  if (!Object.hasOwn(services.config().models, model)) {
    throw controlErrors.error('API_ERR_NOT_FOUND', `no model "${model}" is declared (GET /api/v1/models lists them)`, { model });
  }
}

async function operatorCommand(services: ControlServices, principal: Principal | undefined, model: string, command: OperatorCommand, reason: string): Promise<Reply> {
  requireModel(services, model);
  if (command.type === 'approve') {
    const declared = Object.keys(services.config().models[model]?.versions ?? {});
    // The orchestrator checks this when it applies the command; checked here too, so the caller hears it now.
    if (!declared.includes(command.version)) {
      throw breakerErrors.error('BRK_ERR_BAD_COMMAND', `${model}: version "${command.version}" is not declared in the config (declared: ${declared.join(', ')})`, { version: command.version });
    }
  }
  const actor = (principal as Principal).tokenId;
  const queued = await requestOperatorCommand({ stores: services.rollback, audit: services.audit, clock: services.clock }, { model, command, actor, reason });
  services.breakers?.pollCommands?.().catch((err: unknown) => services.onError(err instanceof Error ? err : new Error(String(err))));
  return { status: 202, body: { command: queued } };
}

const refused = { 409: { description: "the breaker's state does not allow it (BRK_ERR_NOT_ALLOWED) or the version cannot be the target (BRK_ERR_BAD_COMMAND)" } };

/** The model routes. */
export const modelRoutes: readonly AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/v1/models',
    access: 'viewer',
    operationId: 'listModels',
    summary: 'Models: declared versions, the route in force (active, lkg, weights, shadow, epoch) and the breaker state.',
    tag: TAG,
    responses: { 200: { description: 'the declared models', schema: z.object({ models: z.array(modelSchema) }) } },
    handle: async ({ services }) => {
      const config = services.config();
      const models = Object.keys(config.models).map((name) => modelView(config, name, services.routes.current(name), services.breakers?.state(name)));
      return { status: 200, body: { models } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/models/{model}',
    access: 'viewer',
    operationId: 'getModel',
    summary: 'One model.',
    tag: TAG,
    params: modelParams,
    responses: { 200: { description: 'the model', schema: modelSchema } },
    handle: async ({ services, params }) => {
      requireModel(services, params.model);
      return { status: 200, body: modelView(services.config(), params.model, services.routes.current(params.model), services.breakers?.state(params.model)) };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/models/{model}/versions',
    access: 'viewer',
    operationId: 'listModelVersions',
    summary: "The model's versions in the registry, with status history and attached documents.",
    tag: TAG,
    params: modelParams,
    responses: { 200: { description: 'registry records, oldest first', schema: z.object({ versions: z.array(versionSchema) }) } },
    handle: async ({ services, params }) => {
      const versions = await versionsOf(services.versions, params.model);
      if (versions.length === 0) requireModel(services, params.model);
      return { status: 200, body: { versions } };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/models/{model}/approve',
    access: 'operator',
    operationId: 'approveRollForward',
    summary: 'Approve a roll-forward of a rolled-back model (canary 5% → 25% → 100%); queued for the orchestrator, audit-logged.',
    tag: TAG,
    params: modelParams,
    body: approveBody,
    responses: { 202: { description: 'queued; GET /api/v1/commands/{id} follows it', schema: z.object({ command: commandSchema }) }, ...refused },
    handle: ({ services, principal, params, body }) => operatorCommand(services, principal, params.model, { type: 'approve', version: body.version }, body.reason),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/v1/models/{model}/unfreeze',
    access: 'operator',
    operationId: 'unfreezeBreaker',
    summary: 'Lift a frozen breaker (routes stay pinned, contained keys are released); queued, audit-logged.',
    tag: TAG,
    params: modelParams,
    body: unfreezeBody,
    responses: { 202: { description: 'queued; GET /api/v1/commands/{id} follows it', schema: z.object({ command: commandSchema }) }, ...refused },
    handle: ({ services, principal, params, body }) => operatorCommand(services, principal, params.model, { type: 'unfreeze' }, body.reason),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/v1/commands/{id}',
    access: 'viewer',
    operationId: 'getCommand',
    summary: 'A queued operator command: pending, applied (what it did) or rejected (why).',
    tag: TAG,
    params: z.strictObject({ id: z.coerce.number().int().min(1) }),
    responses: { 200: { description: 'the command', schema: commandSchema } },
    handle: async ({ services, params }) => {
      const command = await services.rollback.commands.get(params.id);
      if (command === undefined) throw controlErrors.error('API_ERR_NOT_FOUND', `no command ${params.id}`, { id: params.id });
      return { status: 200, body: command };
    },
  }),
];
