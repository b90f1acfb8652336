import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('hashes with argon2id at 19 MiB and 2 iterations, and verifies', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse batterie')).toBe(false);
  });

  it('never accepts an account without a password', async () => {
    expect(await verifyPassword(null, 'anything at all')).toBe(false);
  });

  it('explains what is wrong with a password, in French', () => {
    expect(passwordProblem('')).toBe('Choisissez un mot de passe.');
    expect(passwordProblem('court')).toBe('Le mot de passe doit compter au moins 12 caractères (il en compte 5).');
    expect(passwordProblem('aaaaaaaaaaaaaa')).toBe('Le mot de passe est trop répétitif : variez les caractères.');
    expect(passwordProblem('camille-angers-2026', { pseudonym: 'Camille' })).toBe('Le mot de passe ne doit pas contenir votre adresse ni votre pseudonyme.');
    expect(passwordProblem('une phrase de passe solide')).toBeNull();
  });
});
