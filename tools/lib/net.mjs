// Ports and HTTP readiness.
import net from 'node:net';
import { sleep } from './procs.mjs';

/** True when nothing listens on host:port (we can bind it ourselves). */
export function isPortFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** An ephemeral free port chosen by the kernel. */
export function anyFreePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `preferred` if free (on 127.0.0.1 and, where it exists, ::1), else any free port. */
export async function pickPort(preferred, host = '127.0.0.1') {
  if (preferred && (await isPortFree(preferred, host)) && (await isPortFreeV6(preferred))) return preferred;
  return anyFreePort(host);
}

async function isPortFreeV6(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err) => resolve(err.code === 'EADDRNOTAVAIL' || err.code === 'EAFNOSUPPORT'));
    server.listen({ port, host: '::1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Polls `url` until it answers `status` (default 200). Rejects on timeout or when `signal` aborts. */
export async function waitForHttp(url, { status = 200, timeoutMs = 60_000, intervalMs = 150, signal } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (signal?.aborted) throw new Error(`stopped while waiting for ${url}`);
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status === status) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err.cause?.code ?? err.message;
    }
    await sleep(intervalMs);
  }
  throw new Error(`${url} did not answer ${status} within ${Math.round(timeoutMs / 1000)} s (last: ${last})`);
}
