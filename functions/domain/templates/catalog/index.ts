/** Every locale's translations, keyed by the tags resolveLocale chooses from. */
import type { SupportedLocale } from '../locale';
import { cs } from './cs';
import { en } from './en';
import { hu } from './hu';
import { sk } from './sk';
import type { LocaleCatalog } from './types';

export const CATALOG: Readonly<Record<SupportedLocale, LocaleCatalog>> = { en, sk, cs, hu };

export type { ConditionalParagraph, EmailCopy, LocaleCatalog, LocaleChrome, Paragraph, TemplateCopy } from './types';
