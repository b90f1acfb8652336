import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sveltekit } from '@sveltejs/kit/vite';
import { defaultClientConditions, defaultServerConditions, defineConfig } from 'vite';

// With bundleStrategy 'inline' every hydrated page carries the client code of *every* page, including
// the pages that never hydrate: each new server-only page would make the hydrated ones heavier. The
// root layout sets `csr = false`, and a page hydrates only when its own +page.server.ts (or +page.ts)
// opts in with `export const csr = true`. In the client build only, the component of every other page
// resolves to one shared stub (src/lib/components/ServerOnlyPage.svelte) that reloads the page from
// the server. The stub is not meant to render: links are full page loads (data-sveltekit-reload in
// app.html), and the only client navigations are the redirects of enhanced forms, which lead to
// hydrated pages. (A layout must not turn csr back on: pages under it would be stubbed.)
const here = path.dirname(fileURLToPath(import.meta.url));
const STUB = path.join(here, 'src/lib/components/ServerOnlyPage.svelte');
const CSR_TRUE = /^export\s+const\s+csr\s*=\s*true\s*;?\s*$/m;

/** @param {string} file */
export function isServerOnlyPage(file) {
  if (path.basename(file) !== '+page.svelte') return false;
  const options = ['+page.server.ts', '+page.server.js', '+page.ts', '+page.js'].map((f) => path.join(path.dirname(file), f)).filter((f) => existsSync(f));
  return !options.some((f) => CSR_TRUE.test(readFileSync(f, 'utf8')));
}

/** @returns {import('vite').Plugin} */
function serverOnlyPages() {
  return {
    name: 'pit:server-only-pages',
    apply: 'build',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!source.endsWith('+page.svelte')) return null;
      const consumer = this.environment?.config?.consumer ?? (options?.ssr ? 'server' : 'client');
      if (consumer !== 'client') return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && isServerOnlyPage(resolved.id.split('?')[0] ?? '') ? STUB : null;
    },
  };
}

export default defineConfig({
  plugins: [serverOnlyPages(), sveltekit()],
  // Read @pit/domain from its TypeScript source ("source" export condition): no build order
  // between the lib and the web, and the lib is bundled into the server output.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  ssr: {
    resolve: { conditions: ['source', ...defaultServerConditions], externalConditions: ['source'] },
    noExternal: ['@pit/domain'],
  },
});
