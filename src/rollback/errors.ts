/**
 * @module rollback/errors
 * Error catalog of the rollback orchestrator, forensics, untrusted marking and the
 * operator commands that act on them.
 */
import { defineErrors } from '../shared/errors.js';

export const rollbackErrors = defineErrors('RBK', {
  RBK_ERR_UNKNOWN_MODEL: {
    kind: 'user',
    meaning: 'The model has no breaker: it is not in the config, or none of its rules has `action: rollback` (with a `route.lkg`).',
    fix: 'Check the model name (`bulwark incidents list` shows the models with incidents) and its rules in bulwark.yaml.',
  },
  RBK_ERR_UNKNOWN_INCIDENT: {
    kind: 'user',
    meaning: 'No incident has this id.',
    fix: 'List incidents with `bulwark incidents list`.',
  },
  RBK_ERR_UNKNOWN_BUNDLE: {
    kind: 'user',
    meaning: 'No forensic bundle matches this digest, digest prefix or incident id (or a prefix matches several).',
    fix: 'Use the digest shown by `bulwark incidents show ID` (a prefix of at least 8 characters is enough when unique).',
  },
  RBK_ERR_BUNDLE_CORRUPT: {
    kind: 'failure',
    meaning: 'A forensic bundle file does not hash to its name (edited or truncated), or is missing although indexed.',
    fix: 'Restore `.bulwark/forensics/` from a backup; the index row names the file.',
  },
  RBK_ERR_CORRUPT_WAL: {
    kind: 'failure',
    meaning: 'A breaker write-ahead log record could not be decoded or restored.',
    fix: 'Inspect the `breaker_wal` table; restore the store from a backup.',
  },
  RBK_ERR_ROUTE_SWITCH_FAILED: {
    kind: 'failure',
    meaning: 'A route switch was refused or could not be delivered (invalid route, or the route webhook kept failing).',
    fix: 'Check that the versions are declared in the config and that the route webhook URL answers 2xx; the switch is retried.',
  },
  RBK_ERR_WEBHOOK_FAILED: {
    kind: 'failure',
    meaning: 'A webhook (untrusted window or route) did not answer 2xx after every retry.',
    fix: 'Check the URL and the receiver; the delivery is retried with the same Idempotency-Key on the next attempt or restart.',
  },
  RBK_ERR_SQL_FAILED: {
    kind: 'failure',
    meaning: 'The configured untrusted-window SQL statement failed on the user database.',
    fix: 'Check `rollback.untrusted.sql` (URL, statement with $1 = the request ids); it is retried.',
  },
  RBK_ERR_EFFECT_FAILED: {
    kind: 'failure',
    meaning: 'A rollback effect (forensics, marking, incident, quarantine, alert) failed; the decision stays incomplete and is retried.',
    fix: 'Read the cause in the message; the store and the bundle folder must be writable.',
  },
  RBK_ERR_COMMAND_REJECTED: {
    kind: 'user',
    meaning: 'The orchestrator rejected a queued approve/unfreeze command (not allowed in the breaker state, or malformed).',
    fix: 'Check the state with `bulwark incidents list`; approve applies to a rolled-back model, unfreeze to a frozen one.',
  },
  RBK_ERR_COMMAND_TIMEOUT: {
    kind: 'failure',
    meaning: 'A queued command was not picked up by a running gateway within --wait.',
    fix: 'Make sure `bulwark gateway` runs on the same store; the command stays queued and is applied when it starts.',
  },
  RBK_ERR_BAD_OPTION: {
    kind: 'user',
    meaning: 'An option of a rollback command is not valid (format, version, missing reason).',
    fix: 'Run the command with --help.',
  },
});

export type RollbackErrorCode = keyof typeof rollbackErrors.codes;
