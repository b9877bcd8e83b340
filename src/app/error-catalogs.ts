/**
 * @module app/error-catalogs
 * Every context's error catalog, in one list. docs/errors.md is generated from it
 * (`npm run gen:docs`) and a test fails when the two disagree or a code repeats.
 * A new context adds its catalog here.
 */
import type { DefinedCatalog } from '../shared/errors.js';
import { cliErrors } from '../cli/errors.js';
import { storeErrors } from '../store/errors.js';
import { registryErrors } from '../registry/errors.js';
import { auditErrors } from '../audit/errors.js';
import { provenanceErrors } from '../provenance/errors.js';
import { modelIoErrors } from '../models/io/errors.js';
import { modelErrors } from '../models/errors.js';
import { serverErrors } from '../models/server/errors.js';
import { trainErrors } from '../models/train/errors.js';
import { configErrors } from '../config/errors.js';
import { breakerErrors } from '../breaker/errors.js';
import { gatewayErrors } from '../gateway/errors.js';
import { inspectErrors } from '../inspect/errors.js';
import { rollbackErrors } from '../rollback/errors.js';
import { detectErrors } from '../detect/errors.js';
import { alertErrors } from '../alerts/errors.js';
import { controlErrors } from '../control/errors.js';
import { demoErrors } from './demo/errors.js';
import { redteamErrors } from '../redteam/errors.js';
import { suiteErrors } from '../redteam/suite/errors.js';
import { remoteModelErrors } from '../models/remote/errors.js';

export const ERROR_CATALOGS: readonly DefinedCatalog<string>[] = [
  cliErrors,
  storeErrors,
  registryErrors,
  auditErrors,
  provenanceErrors,
  modelIoErrors,
  modelErrors,
  serverErrors,
  trainErrors,
  configErrors,
  breakerErrors,
  gatewayErrors,
  inspectErrors,
  rollbackErrors,
  detectErrors,
  alertErrors,
  controlErrors,
  demoErrors,
  redteamErrors,
  suiteErrors,
  remoteModelErrors,
];
