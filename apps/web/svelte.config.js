import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  kit: {
    // PIT_WEB_BUILD_DIR: build elsewhere than apps/web/build, e.g. to test a change without replacing
    // the files a running server still loads lazily.
    adapter: adapter({ out: process.env.PIT_WEB_BUILD_DIR || 'build', precompress: false }),
    output: {
      // One HTML response carries the CSS and (on the two hydrated pages) the JS: 2 requests with the favicon.
      bundleStrategy: 'inline',
    },
    // Origin check of form posts stays on (the default): no trusted third-party origin.
    csrf: { trustedOrigins: [] },
    // Only our own code runs: SvelteKit adds the hash of each inline script and style it emits.
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self'],
        // SvelteKit's route announcer carries a style attribute (attributes cannot run code).
        'style-src-attr': ['unsafe-inline'],
        'img-src': ['self', 'data:'],
        'connect-src': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
        'base-uri': ['self'],
        'object-src': ['none'],
      },
    },
  },
};

export default config;
