import { sveltekit } from '@sveltejs/kit/vite';
import { defaultClientConditions, defaultServerConditions, defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  // Read @pit/domain from its TypeScript source ("source" export condition): no build order
  // between the lib and the web, and the lib is bundled into the server output.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  ssr: {
    resolve: { conditions: ['source', ...defaultServerConditions], externalConditions: ['source'] },
    noExternal: ['@pit/domain'],
  },
});
