// Seeded pseudo-random numbers for the benchmark data: the same seed gives the same rows.
// mulberry32: 32-bit state, fast, good enough for test data (not for anything secret).

/** A generator of floats in [0, 1) from a 32-bit seed. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator with helpers; `stream` derives an independent generator (one per table, so phases can be re-run alone). */
export function seeded(seed) {
  const next = mulberry32(seed);
  const random = {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    /** A random (version 4) UUID drawn from this generator. */
    uuid() {
      let hex = '';
      for (let i = 0; i < 4; i++) hex += ((next() * 4294967296) >>> 0).toString(16).padStart(8, '0');
      const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
    /** Index drawn in proportion to `cumulative` (ascending running totals). */
    weighted(cumulative) {
      const target = next() * cumulative[cumulative.length - 1];
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] > target) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    },
    stream: (salt) => seeded((seed * 2654435761 + salt * 40503) >>> 0),
  };
  return random;
}
