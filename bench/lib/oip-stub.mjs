/**
 * @module bench/lib/oip-stub
 * The benchmark's upstream: a minimal node:http Open Inference Protocol server that reads
 * the request body and answers every request with the same fixed bytes (an FP32 [1, 2]
 * probability output), with no parsing and no model, so that the rows of the gateway bench
 * measure the proxies, not the model. Prints `oip stub at http://…` and stops on SIGTERM.
 *
 * @example
 * node bench/lib/oip-stub.mjs   # then POST anything to /v2/models/bench/infer
 */
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

/** The fixed answer, exported so that the bench can check every row returns it byte for byte. */
export const STUB_BODY = '{"model_name":"bench","model_version":"v1","id":"bench","outputs":[{"name":"probabilities","datatype":"FP32","shape":[1,2],"data":[0.25,0.75]}]}';

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (isMain) {
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(STUB_BODY) };
  const server = createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(200, headers);
      res.end(STUB_BODY);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`oip stub at http://127.0.0.1:${server.address().port}\n`));
  process.on('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
