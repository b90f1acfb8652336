import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { isNotablePgLine } from './log.mjs';
import { isPortFree, pickPort } from './net.mjs';
import { isAlive, parseStat } from './procs.mjs';
import { isLauncherCmdline, sameCommand } from './state.mjs';

describe('parseStat', () => {
  it('reads state and parent pid, even with spaces and parentheses in the command name', () => {
    expect(parseStat('1234 (node) S 99 1234 1234 0 -1')).toEqual({ state: 'S', ppid: 99 });
    expect(parseStat('1234 (a b) c)) Z 1 1234 1234 0 -1')).toEqual({ state: 'Z', ppid: 1 });
  });
});

describe('isAlive', () => {
  it('knows our own process and rejects impossible pids', () => {
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(2 ** 22 + 1)).toBe(false);
    expect(isAlive(0)).toBe(false);
    expect(isAlive(-1)).toBe(false);
  });
});

describe('orphan detection', () => {
  it('matches a recorded child only on the exact same argv (pid reuse)', () => {
    const argv = ['/usr/bin/node', 'apps/api/dist/main.js'];
    expect(sameCommand([...argv], argv)).toBe(true);
    expect(sameCommand(['/usr/bin/node', 'apps/web/server.js'], argv)).toBe(false);
    expect(sameCommand(null, argv)).toBe(false);
  });

  it('recognises a launcher command line', () => {
    expect(isLauncherCmdline(['/usr/bin/node', '/work/main/tools/launcher.mjs'])).toBe(true);
    expect(isLauncherCmdline(['node', 'tools/launcher.mjs', '--no-build'])).toBe(true);
    expect(isLauncherCmdline(['node', 'tools/build.mjs'])).toBe(false);
  });
});

describe('PostgreSQL log filter', () => {
  it('keeps problems and drops routine lines', () => {
    expect(isNotablePgLine('2026-01-01 UTC [1] LOG:  database system is ready to accept connections')).toBe(false);
    expect(isNotablePgLine('2026-01-01 UTC [1] ERROR:  relation "x" does not exist')).toBe(true);
    expect(isNotablePgLine('2026-01-01 UTC [1] FATAL:  terminating connection due to administrator command')).toBe(false);
    expect(isNotablePgLine('2026-01-01 UTC [1] FATAL:  password authentication failed for user "postgres"')).toBe(true);
  });
});

describe('ports', () => {
  it('picks another port when the preferred one is taken', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const taken = (server.address() as net.AddressInfo).port;
    try {
      expect(await isPortFree(taken)).toBe(false);
      const port = await pickPort(taken);
      expect(port).not.toBe(taken);
      expect(await isPortFree(port)).toBe(true);
    } finally {
      server.close();
    }
  });
});
