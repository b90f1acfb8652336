// Child processes of the benchmarks: the real api, baselines; free loopback ports; waiting until ready.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { benchDir } from './results.mjs';

export const repoRoot = path.resolve(benchDir, '..');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `node <script>` with `env`; resolves once `ready(line)` matches a line of its output. Output is kept for errors. */
export function startNode(name, script, env, ready, { timeoutMs = 60_000, nodeArgs = [] } = {}) {
  const child = spawn(process.execPath, [...nodeArgs, script], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${name} not ready after ${timeoutMs / 1000} s:\n${output.slice(-2000)}`)), timeoutMs);
    function fail(error) {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(error);
    }
    const onData = (chunk) => {
      output = (output + chunk.toString()).slice(-20_000);
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve({
          child,
          output: () => output,
          stop: () => stopChild(child),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => fail(new Error(`${name} exited (${code}):\n${output.slice(-2000)}`)));
  });
}

export function stopChild(child) {
  if (child.exitCode !== null || child.signalCode) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.removeAllListeners('exit');
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The api (apps/api/dist/main.js) on a free loopback port against `databaseUrl`, real Redis, a private queue prefix. */
export async function startApi(databaseUrl, extraEnv = {}, nodeArgs = []) {
  const port = await freePort();
  const api = await startNode(
    'api',
    path.join(repoRoot, 'apps/api/dist/main.js'),
    {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `bench-${process.pid}`,
      API_HOST: '127.0.0.1',
      API_PORT: String(port),
      WEB_API_KEY: WEB_KEY,
      PAPER_SUPPORT_SECRET: 'bench-paper-support-secret-of-32-characters-at-least',
      ...extraEnv,
    },
    /api ready on/,
    { nodeArgs },
  );
  return { ...api, url: `http://127.0.0.1:${port}/graphql`, port };
}

/** The web server's key: the feed is read as the web server reads it (not counted by the public rate limit). */
export const WEB_KEY = 'bench-web-api-key-0123456789abcdef';
