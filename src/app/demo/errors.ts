/**
 * @module app/demo/errors
 * Error catalog of `bulwark demo` and `bench:rollback` (the demo world's processes and
 * its outcome).
 */
import { defineErrors } from '../../shared/errors.js';

export const demoErrors = defineErrors('DEMO', {
  DEMO_ERR_NOT_BUILT: {
    kind: 'user',
    meaning: 'The demo starts `bulwark serve-model` child processes from the built CLI (dist/cli/main.js), which is missing.',
    fix: 'Run `npm install` (it builds) or `npm run build` in the bulwark checkout, then run the demo again.',
  },
  DEMO_ERR_UPSTREAM: {
    kind: 'failure',
    meaning: 'A model server of the demo (`bulwark serve-model`) exited or did not say where it listens in time.',
    fix: 'Read the serve-model output quoted in the message; check that onnxruntime-node is installed (`npm ci`).',
  },
  DEMO_ERR_OPTION: {
    kind: 'user',
    meaning: 'An option of the demo is out of range (rates, durations, seed).',
    fix: 'Run `bulwark demo --help` for the allowed values.',
  },
  DEMO_ERR_NO_ROLLBACK: {
    kind: 'failure',
    meaning: 'The attack ran for the whole attack phase and the breaker never rolled traffic back to the last-known-good version.',
    fix: 'Read the gateway lines the demo printed (anomalies, warnings); re-run with a longer --attack-seconds on a heavily loaded machine, and report it if it persists.',
  },
});
