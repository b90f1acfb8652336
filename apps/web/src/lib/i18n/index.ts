// The message catalogue: French (source of truth) and English. Both catalogues are imported here, so
// only server code and server-only pages may import this module. The two hydrated pages (and the
// layout, which hydrates with them) get the strings of the current language through their page data.
import { page } from '$app/state';
import { en } from './en';
import { fr, type Messages } from './fr';
import type { Locale } from './locale';

export type { Messages } from './fr';
export * from './locale';

const CATALOGUES: Record<Locale, Messages> = { fr, en };

export function messagesFor(locale: Locale | undefined): Messages {
  return CATALOGUES[locale === 'en' ? 'en' : 'fr'];
}

/** In a server-only component: the messages of the page being rendered. */
export function m(): Messages {
  return messagesFor(page.data.locale);
}

/** In a server-only component: the language of the page being rendered. */
export function locale(): Locale {
  return page.data.locale === 'en' ? 'en' : 'fr';
}
