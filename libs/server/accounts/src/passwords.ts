import { hash, verify } from '@node-rs/argon2';

// argon2id at OWASP's minimum: 19 MiB, 2 iterations, 1 lane (Algorithm.Argon2id = 2; the enum is const).
const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_LIMITS = { min: 12, max: 128 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  // An account without a password still costs one hash, so timing does not reveal it.
  const target = passwordHash ?? DUMMY_HASH;
  const ok = await verify(target, password).catch(() => false);
  return ok && passwordHash !== null;
}

const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$edeiwXrUSeymDBccJTMG4Q$qVifk2CyJIyyxdGo1k5kBbTOONyJmJD9sOnmspzgN4I';

/** The French sentence shown under the password field, or null when the password is acceptable. */
export function passwordProblem(password: string, context: { email?: string | null; pseudonym?: string | null } = {}): string | null {
  const length = [...password].length;
  if (!length) return 'Choisissez un mot de passe.';
  if (length < PASSWORD_LIMITS.min) return `Le mot de passe doit compter au moins ${PASSWORD_LIMITS.min} caractères (il en compte ${length}).`;
  if (length > PASSWORD_LIMITS.max) return `Le mot de passe doit compter au plus ${PASSWORD_LIMITS.max} caractères.`;
  const lower = password.toLowerCase();
  if (new Set(lower).size < 4) return 'Le mot de passe est trop répétitif : variez les caractères.';
  for (const part of [context.email?.split('@')[0], context.pseudonym]) {
    if (part && part.length >= 4 && lower.includes(part.toLowerCase())) return 'Le mot de passe ne doit pas contenir votre adresse ni votre pseudonyme.';
  }
  return null;
}
