// Production server: the SvelteKit handler (adapter-node) behind brotli/gzip compression.
//
// Environment:
//   PORT     port to listen on (default 3000)
//   HOST     address to bind (default 0.0.0.0)
//   ORIGIN   public origin of the site, e.g. https://besoins.example.fr. SvelteKit checks it
//            against the Origin header of form posts (CSRF): if it is wrong, every form post
//            answers 403. Defaults to http://localhost:$PORT for local use.
//   API_URL  base URL of the GraphQL API (default http://127.0.0.1:3001)
//   PROTOCOL_HEADER, HOST_HEADER, ADDRESS_HEADER, XFF_DEPTH, BODY_SIZE_LIMIT: see adapter-node,
//            for use behind a reverse proxy instead of ORIGIN.
import { existsSync } from 'node:fs';
import http from 'node:http';
import zlib from 'node:zlib';
import compression from 'compression';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
// adapter-node reads ORIGIN when the handler module loads: set it before importing.
if (!process.env.ORIGIN && !process.env.PROTOCOL_HEADER) process.env.ORIGIN = `http://localhost:${port}`;
// The need form posts up to 3 photos of 8 MB each (multipart): adapter-node's default limit is 512 KB.
if (!process.env.BODY_SIZE_LIMIT) process.env.BODY_SIZE_LIMIT = '26M';

const handlerUrl = new URL('./build/handler.js', import.meta.url);
if (!existsSync(handlerUrl)) {
  console.error('apps/web/build is missing: run `npm -w @pit/web run build` first.');
  process.exit(1);
}
const { handler } = await import(handlerUrl.href);

const compress = compression({
  threshold: 512,
  // Brotli when the browser accepts it (compression >= 1.8), gzip otherwise.
  brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } },
});

// One-click unsubscribe (RFC 8058): mail providers POST `List-Unsubscribe=One-Click` to the URL of the
// List-Unsubscribe header, /notifications/desinscription?jeton=…, without an Origin header, which
// SvelteKit's CSRF check refuses. Such a POST goes to its own endpoint, with the site's origin: it
// carries no cookie and acts only through the token in its URL, so there is no request to forge.
// Browsers always send Origin on a POST: the page's own button is untouched.
const ONE_CLICK = /^\/notifications\/desinscription\?jeton=[A-Za-z0-9_-]{1,200}$/;
function routeOneClickUnsubscribe(req) {
  if (req.method !== 'POST' || req.headers.origin || !process.env.ORIGIN || !ONE_CLICK.test(req.url ?? '')) return;
  req.url = req.url.replace('/notifications/desinscription?', '/notifications/desinscription/un-clic?');
  req.headers.origin = new URL(process.env.ORIGIN).origin;
}

const server = http.createServer((req, res) => {
  routeOneClickUnsubscribe(req);
  compress(req, res, (err) => {
    if (err) {
      res.statusCode = 500;
      res.end();
      return;
    }
    handler(req, res, () => {
      res.statusCode = 404;
      res.end('Not found');
    });
  });
});

server.listen(port, host, () => {
  console.log(`web listening on http://${host}:${port} (ORIGIN ${process.env.ORIGIN ?? 'from headers'}, API ${process.env.API_URL ?? 'http://127.0.0.1:3001'})`);
});

function shutdown() {
  server.close(() => process.exit(0));
  // Keep-alive connections would hold the close: give them a moment, then leave.
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
