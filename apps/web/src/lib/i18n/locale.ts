// Which language a request is served in. French is the default and the source of truth; English is
// chosen only explicitly (?lang=en, then remembered in the `lang` cookie), never from Accept-Language.
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';
export const LOCALE_COOKIE = 'lang';
/** One year, in seconds. */
export const LOCALE_COOKIE_MAX_AGE = 365 * 24 * 3600;

export function isLocale(value: unknown): value is Locale {
  return value === 'fr' || value === 'en';
}

/** The locale of a request: the `lang` query parameter, else the cookie, else French. `remember`: set the cookie. */
export function resolveLocale(query: string | null, cookie: string | undefined): { locale: Locale; remember: boolean } {
  if (isLocale(query)) return { locale: query, remember: query !== cookie };
  return { locale: isLocale(cookie) ? cookie : DEFAULT_LOCALE, remember: false };
}

/** BCP 47 tag for Intl: dates and numbers written the way each language writes them. */
export function intlTag(locale: Locale | undefined): string {
  return locale === 'en' ? 'en-GB' : 'fr-FR';
}

/** The same page in the other language: the current query kept, `lang` set. */
export function switchHref(url: URL, to: Locale): string {
  const params = new URLSearchParams(url.search);
  params.set('lang', to);
  return `${url.pathname}?${params}`;
}
