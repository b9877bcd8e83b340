/**
 * @module bench/lib/nginx
 * nginx as the reference proxy of the gateway bench: writes its own nginx.conf into a
 * temporary directory (one worker, no access log, keep-alive pooling toward the upstream:
 * `keepalive` connections, HTTP/1.1 and an empty `Connection` header), runs nginx as a
 * foreground process (`daemon off; master_process off;`) on a loopback port, and stops it.
 * When nginx is not installed it says so, and the bench skips the row.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import process from 'node:process';
import { freePort, waitForHttp } from './processes.mjs';

/** Idle keep-alive connections nginx keeps open toward the upstream. */
const UPSTREAM_KEEPALIVE = 64;

/** The nginx binary, or undefined when it is not installed. */
export function findNginx() {
  for (const candidate of ['nginx', '/usr/sbin/nginx', '/usr/local/sbin/nginx']) {
    const probe = spawnSync(candidate, ['-v'], { encoding: 'utf8' });
    if (probe.status === 0) return { bin: candidate, version: (probe.stderr || probe.stdout).trim().replace(/^nginx version: /, '') };
  }
  return undefined;
}

/**
 * The config: one worker process, foreground, every path under `dir`.
 *
 * @example
 * nginxConf('/tmp/x', 8081, 'http://127.0.0.1:9000');
 */
export function nginxConf(dir, port, upstreamUrl) {
  const upstream = new URL(upstreamUrl).host;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return `${root ? 'user root;\n' : ''}daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  keepalive_requests 1000000;
  upstream model {
    server ${upstream};
    keepalive ${UPSTREAM_KEEPALIVE};
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://model;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
}

/**
 * Writes the config, starts nginx and waits until it answers.
 *
 * @example
 * const nginx = await startNginx(found.bin, workDir, upstream.url); await nginx.stop();
 */
export async function startNginx(bin, workDir, upstreamUrl) {
  const dir = join(workDir, 'nginx');
  await mkdir(dir, { recursive: true });
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  await writeFile(conf, nginxConf(dir, port, upstreamUrl));
  const child = spawn(bin, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')], { stdio: ['ignore', 'inherit', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`nginx exited with ${code} at start (see ${join(dir, 'error.log')})`);
  });
  await Promise.race([waitForHttp(`${url}/v2/models/bench/ready`), exited]);
  return {
    child,
    url,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      const exit = once(child, 'exit');
      child.kill('SIGQUIT'); // graceful: finish the requests in flight, then exit
      return (await exit)[0];
    },
  };
}
