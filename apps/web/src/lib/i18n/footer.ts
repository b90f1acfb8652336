// The site footer as HTML, in the page's language: hooks.server.ts puts it in place of %pit.footer% in
// app.html, after the Svelte app. It never changes in the browser, so the two hydrated pages carry neither
// its strings nor any code for it.
import { messagesFor } from './index';
import type { Locale } from './locale';

const LINKS = [
  ['/aide', 'help'],
  ['/suivi', 'track'],
  ['/accessibilite', 'a11y'],
  ['/accessibilite/schema-pluriannuel', 'a11yPlan'],
  ['/collectivites', 'accountability'],
  ['/tableau-de-bord', 'dashboard'],
  ['/plan-du-site', 'sitemap'],
  ['/mentions-legales', 'legal'],
  ['/confidentialite', 'privacy'],
  ['/charte-des-donnees', 'charter'],
  ['/eco-conception', 'eco'],
  ['/conditions-d-utilisation', 'terms'],
] as const;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function footerHtml(locale: Locale | undefined): string {
  const t = messagesFor(locale).footer;
  const items = LINKS.map(([href, key]) => `<li><a href="${href}">${escape(t[key])}</a></li>`);
  return `<footer class="site-footer"><div class="wrap"><ul>${items.join('')}<li>${escape(t.emergency)}</li></ul></div></footer>`;
}
