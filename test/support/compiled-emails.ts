/**
 * Vitest setup (every test file): the renderer reads the compiled emails from assets/emails/, as the handlers do
 * (functions/handlers/runtime/deliver.ts), so tests that render directly need no wiring of their own.
 */
import { compiledMessages } from '../../functions/adapters/email-templates';
import { useCompiledEmails } from '../../functions/domain/templates/render';

useCompiledEmails(compiledMessages);
