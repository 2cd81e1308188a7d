/**
 * Which of our translations a customer gets. A profile's locale is any BCP 47 tag (`sk-SK`, `en-GB`, `de`);
 * we try the exact tag, then its parents (`sk-SK` → `sk`), then the language's configured fallbacks (a Slovak
 * reader understands Czech better than English, and vice versa), and finally English, which always exists.
 */

export const SUPPORTED_LOCALES = ['en', 'sk', 'cs', 'hu'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/** The last resort of every chain: every template has an English version. */
export const DEFAULT_LOCALE: SupportedLocale = 'en';

/** Language → the languages to try next, in order, before the default. */
export const DEFAULT_FALLBACKS: Readonly<Record<string, readonly string[]>> = {
  sk: ['cs', 'en'],
  cs: ['sk', 'en'],
  hu: ['en'],
};

/**
 * The ordered, de-duplicated list of locale tags tried for `requested`: the canonical tag, its parents, their
 * fallbacks, then `en`. An unparseable tag contributes nothing, so it ends at `en`.
 */
export function localeChain(requested: string, fallbacks: Readonly<Record<string, readonly string[]>> = DEFAULT_FALLBACKS): string[] {
  const chain: string[] = [];
  const add = (tag: string) => {
    if (!chain.some((seen) => seen.toLowerCase() === tag.toLowerCase())) chain.push(tag);
  };
  const own = parentTags(canonicalTag(requested));
  for (const tag of own) add(tag);
  for (const tag of own) for (const next of fallbacks[tag.toLowerCase()] ?? []) add(next);
  add(DEFAULT_LOCALE);
  return chain;
}

/** The first tag of `localeChain(requested)` that is `available` (matched case-insensitively), spelled as in `available`. */
export function resolveLocale(
  requested: string,
  available: readonly string[] = SUPPORTED_LOCALES,
  fallbacks: Readonly<Record<string, readonly string[]>> = DEFAULT_FALLBACKS,
): string {
  const byLowerCase = new Map(available.map((tag) => [tag.toLowerCase(), tag]));
  for (const tag of localeChain(requested, fallbacks)) {
    const match = byLowerCase.get(tag.toLowerCase());
    if (match) return match;
  }
  // Only reachable when `available` lacks English: still answer with something the caller can render.
  return available[0] ?? DEFAULT_LOCALE;
}

/** `sk_sk` / ` SK-sk ` → `sk-SK`; undefined when the tag is not BCP 47. */
function canonicalTag(requested: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(requested.trim().replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
}

/** `zh-Hant-TW` → [`zh-Hant-TW`, `zh-Hant`, `zh`]: drop subtags from the end (RFC 4647 lookup). */
function parentTags(tag: string | undefined): string[] {
  if (!tag) return [];
  const parts = tag.split('-');
  const tags: string[] = [];
  for (let length = parts.length; length > 0; length--) {
    const candidate = parts.slice(0, length);
    // A lone singleton (`x`, `u`) is not a tag of its own: `en-u-ca-buddhist` falls back to `en`, not `en-u`.
    if (candidate.at(-1)?.length === 1) continue;
    tags.push(candidate.join('-'));
  }
  return tags;
}

/**
 * The one language of a message whose words partly come from someone else (a crisis message on-call wrote in `en`
 * and `sk` only): the customer's locale when that content has it, otherwise down the customer's fallback chain to
 * the first locale both the content and our templates have — never a Slovak template around an English text.
 */
export function contentLocale(requested: string, contentLocales: readonly string[]): SupportedLocale {
  const available = SUPPORTED_LOCALES.filter((locale) => localisedKey(contentLocales, locale) !== undefined);
  return resolveLocale(requested, available.length > 0 ? available : SUPPORTED_LOCALES) as SupportedLocale;
}

/** The key of `texts` written in `locale`: the tag itself or a regional variant of it (`sk-SK` for `sk`). */
export function localisedKey(keys: readonly string[], locale: string): string | undefined {
  const wanted = locale.toLowerCase();
  return keys.find((key) => key.toLowerCase() === wanted) ?? keys.find((key) => key.toLowerCase().split('-')[0] === wanted);
}
