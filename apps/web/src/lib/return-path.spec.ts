import { describe, expect, it } from 'vitest';
import { currentPath, loginUrl, safeReturnPath } from './return-path';

describe('return paths', () => {
  it('keeps local paths with their query', () => {
    expect(safeReturnPath('/compte')).toBe('/compte');
    expect(safeReturnPath('/organisations/invitation?jeton=abc-_1')).toBe('/organisations/invitation?jeton=abc-_1');
  });

  it('refuses other origins and odd values', () => {
    for (const value of ['https://evil.example/', '//evil.example', '/\\evil.example', 'compte', '', null, '/a\nb', `/${'a'.repeat(600)}`]) {
      expect(safeReturnPath(value, '/x')).toBe('/x');
    }
  });

  it('builds the login URL, without a pointless retour to the home page', () => {
    expect(loginUrl('/compte/sessions')).toBe('/connexion?retour=%2Fcompte%2Fsessions');
    expect(loginUrl('/')).toBe('/connexion');
    expect(loginUrl('//evil.example')).toBe('/connexion');
  });

  it('drops SvelteKit action keys from the current path', () => {
    expect(currentPath(new URL('http://x/organisations/1?/invite'))).toBe('/organisations/1');
    expect(currentPath(new URL('http://x/organisations/invitation?jeton=abc&/confirm'))).toBe('/organisations/invitation?jeton=abc');
  });
});
