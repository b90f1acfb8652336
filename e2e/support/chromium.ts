// Debian's Chromium: Playwright's own browser downloads do not work on these machines (STACK.md).
import fs from 'node:fs';

/** Flags that keep a headless Chromium quiet, offline-friendly and runnable as root in a container. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error('No Chromium found (/usr/bin/chromium or CHROMIUM_PATH): apt-get install chromium');
  return found;
}
