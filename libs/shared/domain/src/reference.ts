// Short public references such as B-7K3M9Q: no 0/O, 1/I/L, U (misread on the phone).
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const REFERENCE_LENGTH = 6;
export const REFERENCE_PREFIX = 'B-';
export const REFERENCE_PATTERN = new RegExp(`^${REFERENCE_PREFIX}[${REFERENCE_ALPHABET}]{${REFERENCE_LENGTH}}$`);

/** Builds a reference from random bytes (one byte per character; rejection keeps it unbiased). */
export function referenceFromBytes(next: () => number): string {
  const limit = 256 - (256 % REFERENCE_ALPHABET.length);
  let out = '';
  while (out.length < REFERENCE_LENGTH) {
    const byte = next();
    if (byte < limit) out += REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length];
  }
  return REFERENCE_PREFIX + out;
}

/** Accepts what a person types (lower case, spaces, missing dash, O for 0…) and returns the canonical form, or null. */
export function normalizeReference(input: string): string | null {
  const upper = input.trim().toUpperCase();
  // "B-…" or "B …" carries the prefix; so does a compact "B" + 6 characters.
  const prefixed = /^B[\s-]/.test(upper) || (/^B/.test(upper) && upper.replace(/[\s-]/g, '').length === REFERENCE_LENGTH + 1);
  const body = (prefixed ? upper.slice(1) : upper).replace(/[\s-]/g, '');
  const candidate = REFERENCE_PREFIX + body;
  return REFERENCE_PATTERN.test(candidate) ? candidate : null;
}
