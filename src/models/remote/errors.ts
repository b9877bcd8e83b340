/**
 * @module models/remote/errors
 * Error catalog of the remote model client (`--model http://host:port/v2/models/NAME`):
 * `MDL_ERR_REMOTE_*`. Every message names the URL it was talking to and, for HTTP
 * failures, the status and the server's own error text. The codes share the MDL prefix
 * with the other model catalogs; every name here carries REMOTE, so none collides.
 */
import { defineErrors } from '../../shared/errors.js';

/**
 * The catalog of the remote model client.
 *
 * @example
 * throw remoteModelErrors.error('MDL_ERR_REMOTE_STATUS', 'GET http://127.0.0.1:8080/v2/models/fraud: 404 unknown model "fraud"', { url, status: 404 });
 */
export const remoteModelErrors = defineErrors('MDL', {
  MDL_ERR_REMOTE_URL: {
    kind: 'user',
    meaning: 'The model URL is not an Open Inference Protocol v2 model address: it must be http(s)://host[:port][/prefix]/v2/models/NAME[/versions/VERSION].',
    fix: 'Pass the model\'s address as KServe, Triton, `bulwark serve-model` or the bulwark gateway serve it, e.g. http://127.0.0.1:8080/v2/models/fraud.',
  },
  MDL_ERR_REMOTE_UNREACHABLE: {
    kind: 'failure',
    meaning: 'The model server could not be reached: connection refused or reset, unknown host, or TLS failure (the message names the URL and the network error).',
    fix: 'Check that the server is running and listening on that host and port (`curl URL` should answer the model metadata).',
  },
  MDL_ERR_REMOTE_TIMEOUT: {
    kind: 'failure',
    meaning: 'The model server did not connect, answer or finish its answer within the timeout.',
    fix: 'Raise the timeout (--timeout-ms, `timeoutMs` in a suite), lower the batch size, or check the server\'s load.',
  },
  MDL_ERR_REMOTE_STATUS: {
    kind: 'failure',
    meaning: 'The model server answered with an HTTP error status (the message names the URL, the status and the server\'s error text): 401/403 a missing or wrong API key, 404 an unknown model or version, 400 a request it refuses.',
    fix: 'For 401/403 pass the key (--api-key, or BULWARK_API_KEY); for 404 check the model name and version in the URL; otherwise read the server\'s error text.',
  },
  MDL_ERR_REMOTE_RESPONSE: {
    kind: 'failure',
    meaning: 'The model server\'s answer is not a usable Open Inference Protocol v2 response: not JSON, no outputs, or an output whose data does not match its shape or the batch.',
    fix: 'Check that the URL points at an OIP v2 (KServe v2) endpoint and not at another protocol; the message quotes what was wrong.',
  },
  MDL_ERR_REMOTE_SIGNATURE: {
    kind: 'user',
    meaning: 'The model metadata cannot describe a classifier bulwark can attack: no inputs or outputs, a BYTES tensor, or an input shape with an unknown dimension besides the batch.',
    fix: 'Serve a model with one numeric input [batch, ...features] and a class-score output [batch, classes]; see docs/redteam.md, "Remote models".',
  },
});

/** A code of the remote model catalog. */
export type RemoteModelErrorCode = keyof typeof remoteModelErrors.codes;
