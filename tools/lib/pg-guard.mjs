#!/usr/bin/env node
// Runs one command (PostgreSQL) and stops it when told to or when its parent disappears.
// The launcher spawns this guard in its own process group, so a Ctrl-C in the terminal reaches the
// launcher (which stops the apps first) but not PostgreSQL; and if the launcher is SIGKILLed, the guard
// notices it was re-parented and shuts PostgreSQL down cleanly instead of leaving it running.
//
// usage: node pg-guard.mjs [--uid N --gid N] [--stop SIGINT] [--timeout ms] -- command args...
import { spawn } from 'node:child_process';
import { currentPpid } from './procs.mjs';

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
if (sep < 0 || sep === argv.length - 1) {
  process.stderr.write('pg-guard: missing -- command\n');
  process.exit(2);
}
const opts = {};
for (let i = 0; i < sep; i += 2) opts[argv[i].replace(/^--/, '')] = argv[i + 1];
const [cmd, ...args] = argv.slice(sep + 1);
const stopSignal = opts.stop ?? 'SIGINT';
const timeoutMs = Number(opts.timeout ?? 15_000);

const spawnOpts = { stdio: 'inherit', env: { ...process.env, LC_MESSAGES: 'C' } };
if (opts.uid) spawnOpts.uid = Number(opts.uid);
if (opts.gid) spawnOpts.gid = Number(opts.gid);

const child = spawn(cmd, args, spawnOpts);
const parent = currentPpid();
let stopping = false;

child.on('error', (err) => {
  process.stderr.write(`pg-guard: cannot start ${cmd}: ${err.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 128 + (signalNumber(signal) ?? 0) : 1));
});

function stop() {
  if (stopping) return;
  stopping = true;
  const steps = [[stopSignal, timeoutMs], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]];
  const next = () => {
    const step = steps.shift();
    if (!step || child.exitCode !== null || child.signalCode !== null) return;
    try {
      child.kill(step[0]);
    } catch {
      return;
    }
    setTimeout(next, step[1]).unref();
  };
  next();
}

for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, stop);

setInterval(() => {
  if (currentPpid() !== parent) stop();
}, 500).unref();

function signalNumber(name) {
  return { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 }[name];
}
