/**
 * @module alerts/errors
 * Error catalog of the alerting context (policy settings, dispatcher, sinks, outbox,
 * webhook signatures). Background paths never throw these: they hand them to the error
 * handler (STYLE.md §3).
 */
import { defineErrors } from '../shared/errors.js';

export const alertErrors = defineErrors('ALR', {
  ALR_ERR_BAD_SETTINGS: {
    kind: 'user',
    meaning: 'Alert settings built in code are invalid (a window of 0, a rate cap below 1, an SLO objective outside (0, 1), two sinks or SLOs with the same id).',
    fix: 'Fix the value named in the details; settings read from bulwark.yaml are validated by the schema first.',
  },
  ALR_ERR_BAD_CANDIDATE: {
    kind: 'user',
    meaning: 'An alert candidate lacks a required field (id, model, rule, summary) or has a time that is not a number.',
    fix: 'Build candidates with the helpers of src/app/alerting-app.ts, or fill the field named in the details.',
  },
  ALR_ERR_DISPATCHER_STOPPED: {
    kind: 'user',
    meaning: 'An alert was submitted after the dispatcher was shut down; it was not enqueued.',
    fix: 'Unsubscribe alert sources before shutting the dispatcher down.',
  },
  ALR_ERR_OUTBOX_FAILED: {
    kind: 'failure',
    meaning: 'The alert outbox (the store) failed to enqueue, claim or settle deliveries.',
    fix: 'Check the store (disk space, permissions, database reachability); queued alerts are retried once it works again.',
  },
  ALR_ERR_DELIVERY_FAILED: {
    kind: 'failure',
    meaning: 'A sink refused an alert for good (an HTTP 4xx other than 429) or every retry failed; the alert is dead-lettered in the outbox.',
    fix: 'Check the sink URL, routing key or secret; dead letters stay in the outbox and can be requeued once fixed.',
  },
  ALR_ERR_UNKNOWN_SINK: {
    kind: 'failure',
    meaning: 'A queued alert names a sink that is no longer configured (the config changed between enqueue and delivery); it was dead-lettered.',
    fix: 'Restore the sink in `alerts.sinks`, then requeue the dead letters of that sink.',
  },
  ALR_ERR_BAD_SIGNATURE: {
    kind: 'user',
    meaning: 'A webhook delivery does not carry a valid `x-bulwark-signature` for its body, timestamp and secret.',
    fix: 'Use the same secret as `alerts.sinks[].secret`, and verify the raw body bytes before parsing them.',
  },
  ALR_ERR_STALE_SIGNATURE: {
    kind: 'user',
    meaning: 'A webhook delivery is signed with a timestamp outside the accepted tolerance (a replay, or a clock far off).',
    fix: 'Synchronise the clocks (NTP); a replayed delivery should be dropped.',
  },
});

export type AlertErrorCode = keyof typeof alertErrors.codes;
