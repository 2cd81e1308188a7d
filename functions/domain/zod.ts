/**
 * The one zod API every schema in the repository is written in: `zod/mini`, the functional API
 * (`z.optional(s)`, `s.check(z.maxLength(n))`), imported from here as `import * as z from '…/domain/zod'`.
 *
 * Why mini: a Lambda bundle carries only the checks its schemas use (about 25 KB minified), where the classic
 * chained API (`z.string().max(n)`) carries all of zod (~100 KB) into every function whatever it validates.
 * Why through this module: `zod/mini` loads no locale, so without `config(en())` every issue reads
 * "Invalid input"; the API's field-level errors and their tests rely on zod's English messages. Importing zod
 * only from here sets the locale before any schema can parse. Never import `zod` (the classic API) in code a
 * Lambda bundles: it would bring the whole library back (docs/performance.md).
 */
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());

export * from 'zod/mini';
