/**
 * @module registry/errors
 * Error catalog of the model registry.
 */
import { defineErrors } from '../shared/errors.js';

export const registryErrors = defineErrors('REG', {
  REG_ERR_INVALID_NAME: {
    kind: 'user',
    meaning: 'A model or version name is empty, too long, or has characters other than letters, digits, ".", "_" and "-".',
    fix: 'Use names such as `fraud` and `v2` or `2026-11` (1–128 characters, starting with a letter or digit).',
  },
  REG_ERR_UNKNOWN_MODEL: {
    kind: 'user',
    meaning: 'No version of this model is registered.',
    fix: 'Check the name with `bulwark registry list`, or register it with `bulwark registry add`.',
  },
  REG_ERR_UNKNOWN_VERSION: {
    kind: 'user',
    meaning: 'The model exists but this version is not registered.',
    fix: 'Check the version with `bulwark registry show --model NAME`.',
  },
  REG_ERR_VERSION_CONFLICT: {
    kind: 'user',
    meaning: 'The version is already registered with a different artifact digest; versions are immutable.',
    fix: 'Register the new artifact under a new version name.',
  },
  REG_ERR_INVALID_SIGNATURE: {
    kind: 'user',
    meaning: 'The signature file is not a valid model signature (inputs/outputs with name, datatype, shape).',
    fix: 'Fix the field named in the message; see docs/registry.md for the signature format.',
  },
  REG_ERR_INVALID_STATUS: {
    kind: 'user',
    meaning: 'The status is not one of candidate, active, lkg, quarantined, retired.',
    fix: 'Use one of the listed statuses.',
  },
  REG_ERR_INVALID_TRANSITION: {
    kind: 'user',
    meaning: 'The status change is not allowed from the version\'s current status (for example out of `retired`).',
    fix: 'See the transition table in docs/registry.md; register a new version instead of reviving a retired one.',
  },
  REG_ERR_INVALID_DOCUMENT: {
    kind: 'user',
    meaning: 'A document to attach (for example a dataset manifest) is malformed.',
    fix: 'Fix the field named in the message; dataset manifests come from `bulwark dataset manifest`.',
  },
  REG_ERR_INVALID_UPSTREAM: {
    kind: 'user',
    meaning: 'The upstream is not an absolute http:// or https:// URL.',
    fix: 'Give the model server\'s base URL, for example http://127.0.0.1:9001.',
  },
});

export type RegistryErrorCode = keyof typeof registryErrors.codes;
