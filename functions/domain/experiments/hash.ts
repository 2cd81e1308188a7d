/**
 * The bucket hash behind experiment assignment and the global control group: FNV-1a over the UTF-16 code units,
 * then murmur3's 32-bit finaliser. FNV-1a alone mixes short, similar strings (`c-1`, `c-2`…) poorly in its high
 * bits; the finaliser spreads every input bit over the whole word, so consecutive customer ids land uniformly.
 *
 * Pure and stable forever: a change here would move customers between variants, so it is pinned by tests.
 * (node:crypto would do as well, but the domain stays free of Node built-ins.)
 */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A point in [0, 1) for (salt, customer): the same pair always lands on the same point. */
export function unitPoint(salt: string, customerId: string): number {
  // NUL cannot occur in either part, so (`ab`, `c`) and (`a`, `bc`) never collide by concatenation.
  return hash32(`${salt}\u0000${customerId}`) / 0x1_0000_0000;
}
