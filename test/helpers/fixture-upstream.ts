/**
 * @module test/helpers/fixture-upstream
 * A tiny model server for gateway tests, on a real socket (port 0): answers OIP v2 infer,
 * ready and metadata, and OpenAI-style chat completions (JSON, or SSE when the request
 * says `stream: true`). It records what it received, and can be told to hang, close the
 * connection, answer slowly, cut a response mid-body, gate an SSE stream, or answer with
 * something that is not HTTP.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How the fixture answers the next requests. */
export type Behavior =
  | { readonly kind: 'normal' }
  | { readonly kind: 'hang' }
  | { readonly kind: 'close' }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'garbage' }
  | { readonly kind: 'cut' }
  | { readonly kind: 'status'; readonly status: number };

/** One request as the fixture received it. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A running fixture upstream. */
export interface FixtureUpstream {
  readonly url: string;
  readonly version: string;
  readonly requests: RecordedRequest[];
  behavior: Behavior;
  /** The exact bytes of every OIP infer response (odd spacing on purpose: re-serialising would change it). */
  readonly inferBody: Buffer;
  /** SSE: the events written for a streamed chat; `gate` holds everything after the first. */
  sse: { chunks: readonly string[]; gate?: Promise<void> };
  close(): Promise<void>;
}

/**
 * Starts a fixture upstream that reports itself as `version`.
 *
 * @example
 * const v1 = await startFixtureUpstream('v1');
 * v1.behavior = { kind: 'hang' };
 * await v1.close();
 */
export async function startFixtureUpstream(version: string): Promise<FixtureUpstream> {
  const sockets = new Set<Socket>();
  const fixture: FixtureUpstream = {
    url: '',
    version,
    requests: [],
    behavior: { kind: 'normal' },
    inferBody: Buffer.from(`{"model_name":"fraud", "model_version":"${version}","outputs":[{"name":"score","datatype":"FP32","shape":[1,2],"data":[0.10,   0.90]}]}`),
    sse: { chunks: sseChunks(version) },
    close: async () => undefined,
  };
  const server = createServer((req, res) => void handle(fixture, req, res));
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(fixture, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
  return fixture;
}

async function handle(fixture: FixtureUpstream, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  fixture.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
  const behavior = fixture.behavior;
  if (behavior.kind === 'hang') return;
  if (behavior.kind === 'close') return void req.socket.destroy();
  if (behavior.kind === 'garbage') {
    req.socket.end('THIS IS NOT HTTP\r\n\r\n');
    return;
  }
  if (behavior.kind === 'cut') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': fixture.inferBody.length });
    res.write(fixture.inferBody.subarray(0, 10));
    setTimeout(() => req.socket.destroy(), 20);
    return;
  }
  if (behavior.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, behavior.ms));
  if (behavior.kind === 'status') return json(res, behavior.status, { error: 'upstream says no' });
  await answer(fixture, req, body, res);
}

async function answer(fixture: FixtureUpstream, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
  const url = req.url ?? '';
  if (req.method === 'POST' && url.endsWith('/infer')) {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': fixture.inferBody.length, 'x-upstream-version': fixture.version });
    res.end(fixture.inferBody);
    return;
  }
  if (req.method === 'GET' && url.endsWith('/ready')) return json(res, 200, { ready: true, version: fixture.version });
  if (req.method === 'GET' && url.startsWith('/v2/models/')) {
    return json(res, 200, { name: url.split('/')[3], versions: [fixture.version], platform: 'fixture', inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }], outputs: [{ name: 'score', datatype: 'FP32', shape: [-1, 2] }] });
  }
  if (req.method === 'POST' && url === '/v1/chat/completions') {
    const parsed = JSON.parse(body.toString('utf8')) as { stream?: boolean; model?: string };
    if (parsed.stream === true) return stream(fixture, res);
    return json(res, 200, { id: 'chatcmpl-1', object: 'chat.completion', model: parsed.model, choices: [{ index: 0, message: { role: 'assistant', content: `Hello from ${fixture.version}` }, finish_reason: 'stop' }] });
  }
  json(res, 404, { error: `fixture: no route ${req.method} ${url}` });
}

async function stream(fixture: FixtureUpstream, res: ServerResponse): Promise<void> {
  const { chunks, gate } = fixture.sse;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(chunks[0]);
  if (gate !== undefined) await gate;
  for (const chunk of chunks.slice(1)) {
    res.write(chunk);
    await new Promise((resolve) => setImmediate(resolve));
  }
  res.end();
}

/** The SSE events of a streamed answer "Hello from <version>!" in three pieces. */
export function sseChunks(version: string): string[] {
  const event = (content: string): string => `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] })}\n\n`;
  return [event('Hello'), event(' from '), event(`${version}!`), 'data: [DONE]\n\n'];
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
}
