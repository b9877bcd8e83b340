/**
 * @module registry
 * Public surface of the model registry context.
 */
export { Registry } from './registry.js';
export type { AddVersionInput, AddVersionResult, RegistryDeps, VersionView } from './registry.js';
export { registryErrors } from './errors.js';
export type { RegistryErrorCode } from './errors.js';
export { STATUS_TRANSITIONS, checkTransition, isVersionStatus } from './status.js';
export { VERSION_STATUSES } from './ports.js';
export type {
  AttachedDocument,
  AuditSink,
  DocumentStore,
  InsertVersionResult,
  ModelVersionRecord,
  RegistryStore,
  StatusEvent,
  VersionStatus,
} from './ports.js';
