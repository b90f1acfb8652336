// Prefixed, line-buffered relaying of child output.
import readline from 'node:readline';

/** Pure: is a PostgreSQL log line worth showing at normal verbosity? */
export function isNotablePgLine(line) {
  return /\b(WARNING|ERROR|FATAL|PANIC):/.test(line) && !/terminating connection due to administrator command/.test(line);
}

/**
 * Relays each line of `stream` to `out` as `[name] line`. `filter(line)` may drop lines;
 * `onLine(line)` sees every line (filtered or not).
 */
export function relayLines(stream, name, { out = process.stdout, filter, onLine } = {}) {
  if (!stream) return;
  const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
  rl.on('line', (line) => {
    onLine?.(line);
    if (filter && !filter(line)) return;
    out.write(line.startsWith(`[${name}] `) ? `${line}\n` : `[${name}] ${line}\n`);
  });
}

export function say(message) {
  process.stdout.write(`[launcher] ${message}\n`);
}

export function warn(message) {
  process.stderr.write(`[launcher] ${message}\n`);
}
