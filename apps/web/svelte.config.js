import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  kit: {
    adapter: adapter({ out: 'build', precompress: false }),
    output: {
      // One HTML response carries the CSS and (on the two hydrated pages) the JS: 2 requests with the favicon.
      bundleStrategy: 'inline',
    },
    // Origin check of form posts stays on (the default): no trusted third-party origin.
    csrf: { trustedOrigins: [] },
  },
};

export default config;
