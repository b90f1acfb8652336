import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { libSources, needsBuild, newestMtime } from './freshness.mjs';

describe('needsBuild', () => {
  const base = { force: false, outputsExist: true, stamp: { sourcesMtimeMs: 1000 }, sourcesMtimeMs: 1000 };
  it('skips a fresh target', () => expect(needsBuild(base).build).toBe(false));
  it('builds with --force', () => expect(needsBuild({ ...base, force: true }).build).toBe(true));
  it('builds when outputs are missing', () => expect(needsBuild({ ...base, outputsExist: false }).reason).toBe('not built'));
  it('builds without a stamp', () => expect(needsBuild({ ...base, stamp: null }).reason).toBe('no build stamp'));
  it('builds when a source is newer than the stamp', () =>
    expect(needsBuild({ ...base, sourcesMtimeMs: 1001 }).reason).toBe('sources changed'));
});

describe('newestMtime', () => {
  it('finds the newest source and ignores dist, node_modules and tsbuildinfo', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pit-fresh-'));
    try {
      const touch = (rel: string, seconds: number) => {
        const p = path.join(dir, rel);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, '');
        fs.utimesSync(p, seconds, seconds);
      };
      touch('libs/a/src/index.ts', 1000);
      touch('libs/a/package.json', 900);
      touch('libs/a/dist/index.js', 5000);
      touch('libs/a/node_modules/x/index.js', 6000);
      touch('libs/a/tsconfig.tsbuildinfo', 7000);
      touch('libs/b/c/package.json', 100);
      touch('libs/b/c/src/deep/file.ts', 2000);
      touch('libs/b/stray/src/ignored.ts', 9000); // not a workspace package: no package.json
      const sources = libSources(dir);
      const newest = newestMtime(sources);
      expect(newest.mtimeMs).toBe(2_000_000);
      expect(newest.path).toBe(path.join(dir, 'libs/b/c/src/deep/file.ts'));
      expect(newestMtime([path.join(dir, 'missing')]).mtimeMs).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
