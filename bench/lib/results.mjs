// Results files of the benchmarks: bench/results/<name>.json, quoted by bench/README.md (bench/report.mjs).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const resultsDir = path.join(benchDir, 'results');

/** What ran it: enough to compare two results files. */
export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

/** Writes bench/results/<name>.json and returns its path. */
export function writeResults(name, data) {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ name, date: new Date().toISOString(), machine: machine(), ...data }, null, 2)}\n`);
  return file;
}

/** `--name value` and `--flag` arguments into an object (numbers parsed, `1m`/`10k` accepted). */
export function parseArgs(argv, defaults) {
  const args = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`unexpected argument ${argv[i]}`);
    const key = match[1].replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    let value = match[2];
    if (value === undefined) value = argv[i + 1] !== undefined && !argv[i + 1].startsWith('--') ? argv[++i] : 'true';
    args[key] = typeof defaults[key] === 'number' ? parseCount(value) : typeof defaults[key] === 'boolean' ? value !== 'false' : value;
  }
  return args;
}

/** 10000, 10k, 1m, 1_000_000 → a number. */
export function parseCount(text) {
  const match = /^([\d_.]+)([km]?)$/i.exec(String(text).trim());
  if (!match) throw new Error(`not a count: ${text}`);
  const n = Number(match[1].replaceAll('_', ''));
  return Math.round(n * { '': 1, k: 1e3, m: 1e6 }[match[2].toLowerCase()]);
}

/** 10000 → "10k", 1000000 → "1m". */
export function sizeLabel(n) {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}m`;
  if (n >= 1e3 && n % 100 === 0) return `${n / 1e3}k`;
  return String(n);
}
