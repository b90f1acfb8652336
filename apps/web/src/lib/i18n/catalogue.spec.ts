import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';
import { resolveLocale, switchHref } from './locale';

/** Every leaf of a catalogue as [dotted key, value]. */
function leaves(messages: object, prefix = ''): Array<[string, unknown]> {
  return Object.entries(messages).flatMap(([key, value]) =>
    value && typeof value === 'object' ? leaves(value as object, `${prefix}${key}.`) : [[`${prefix}${key}`, value] as [string, unknown]],
  );
}

describe('message catalogue', () => {
  it('has exactly the French keys in English, of the same kind', () => {
    const french = leaves(fr);
    const english = leaves(en);
    expect(english.map(([key]) => key).sort()).toEqual(french.map(([key]) => key).sort());
    const kinds = new Map(french.map(([key, value]) => [key, typeof value]));
    for (const [key, value] of english) expect(typeof value, key).toBe(kinds.get(key));
  });

  it('has no empty message in either language', () => {
    for (const [name, catalogue] of [['fr', fr], ['en', en]] as const) {
      for (const [key, value] of leaves(catalogue)) {
        const text = typeof value === 'function' ? String((value as (...a: unknown[]) => unknown)(2, 'Avrillé')) : value;
        expect(typeof text === 'string' && text.trim().length > 0, `${name}: ${key}`).toBe(true);
      }
    }
  });

  it('says the expected things in English', () => {
    expect(en.layout.other).toBe('Français');
    expect(fr.layout.other).toBe('English');
    expect(en.layout.report).toBe('Report a need');
    expect(en.track.title).toBe('Track a need with its code');
    expect(en.help.h1).toBe('Where to find help?');
    expect(en.needs.count(1)).toBe('1 need');
    expect(en.needs.count(1234)).toBe('1,234 needs');
    expect(en.help.in('Tiercé')).toBe('In Tiercé');
  });
});

describe('locale resolution', () => {
  it('takes the query first, then the cookie, else French; never the browser language', () => {
    expect(resolveLocale('en', undefined)).toEqual({ locale: 'en', remember: true });
    expect(resolveLocale('fr', 'en')).toEqual({ locale: 'fr', remember: true });
    expect(resolveLocale('en', 'en')).toEqual({ locale: 'en', remember: false });
    expect(resolveLocale(null, 'en')).toEqual({ locale: 'en', remember: false });
    expect(resolveLocale('de', 'xx')).toEqual({ locale: 'fr', remember: false });
    expect(resolveLocale(null, undefined)).toEqual({ locale: 'fr', remember: false });
  });

  it('links to the same page in the other language, keeping the query', () => {
    expect(switchHref(new URL('http://x/besoins?commune=49007&lang=fr'), 'en')).toBe('/besoins?commune=49007&lang=en');
    expect(switchHref(new URL('http://x/'), 'en')).toBe('/?lang=en');
  });
});
