/**
 * @module test/integration/gateway/oip-fixture
 * A model server for the shadow and hardening tests, on a real socket (port 0): answers
 * OIP infer with bytes the test sets, and chat completions (JSON, or SSE for `stream: true`)
 * with a text the test sets. It records every request with its position in a log shared by
 * the test, can hold its answers until released, cut an answer in two around a gate, or
 * answer with another status.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as received. */
export interface Received {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A running fixture. */
export interface OipFixture {
  readonly url: string;
  readonly received: Received[];
  /** Answers sent so far. */
  answered: number;
  /** OIP infer answer bytes. */
  inferBody: string;
  /** Chat answer text. */
  chatText: string;
  status: number;
  /** Hold every answer until `release()`. */
  hold: boolean;
  /** When set, an infer answer is written in two halves around it. */
  splitGate: Promise<void> | undefined;
  release(): void;
  close(): Promise<void>;
}

/**
 * Starts a fixture; `log` gets `<name>:received` and `<name>:answered` entries in order.
 *
 * @example
 * const shadow = await startOipFixture('shadow', log, '{"outputs":[…]}');
 */
export async function startOipFixture(name: string, log: string[], inferBody: string, chatText = `Hello from ${name}!`): Promise<OipFixture> {
  const sockets = new Set<Socket>();
  const held: (() => void)[] = [];
  const fixture: OipFixture = {
    url: '',
    received: [],
    answered: 0,
    inferBody,
    chatText,
    status: 200,
    hold: false,
    splitGate: undefined,
    release() {
      this.hold = false;
      for (const answer of held.splice(0)) answer();
    },
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      fixture.received.push({ url: req.url ?? '', headers: req.headers, body });
      log.push(`${name}:received`);
      const answer = (): void => void respond(fixture, name, log, body, req.url ?? '', res);
      if (fixture.hold) held.push(answer);
      else answer();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(fixture, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
  return fixture;
}

async function respond(fixture: OipFixture, name: string, log: string[], body: Buffer, url: string, res: ServerResponse): Promise<void> {
  const done = (): void => {
    fixture.answered++;
    log.push(`${name}:answered`);
  };
  if (fixture.status !== 200) {
    res.writeHead(fixture.status, { 'content-type': 'application/json' }).end('{"error":"fixture says no"}');
    return done();
  }
  if (url === '/v1/chat/completions') return chat(fixture, body, res, done);
  const bytes = Buffer.from(fixture.inferBody);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length });
  if (fixture.splitGate !== undefined) {
    const half = bytes.length >> 1;
    res.write(bytes.subarray(0, half));
    log.push(`${name}:first-half-sent`);
    await fixture.splitGate;
    res.end(bytes.subarray(half));
  } else res.end(bytes);
  done();
}

function chat(fixture: OipFixture, body: Buffer, res: ServerResponse, done: () => void): void {
  const stream = (JSON.parse(body.toString()) as { stream?: boolean }).stream === true;
  if (!stream) {
    const json = JSON.stringify({ id: 'c1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: fixture.chatText }, finish_reason: 'stop' }] });
    res.writeHead(200, { 'content-type': 'application/json' }).end(json);
    return done();
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const words = fixture.chatText.split(/(?<= )/);
  for (const word of words) res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: word } }] })}\n\n`);
  res.end('data: [DONE]\n\n');
  done();
}
