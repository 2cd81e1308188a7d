/**
 * The console's journey lifecycle in a real browser (Debian's Chromium through playwright-core) against a real
 * local runtime on a manual clock: two customers sign up (onboarding, v1), then through the page only: onboarding
 * shows live on v1 with its customers in flight; pausing it asks for a reason and a confirmation (cancelling
 * changes nothing, confirming pauses it), it shows paused, and resumes the same way; the marketing freeze likewise.
 * Each change is checked against the API too (what the page shows is what the runtime did).
 *
 * Chromium missing fails every test with the install command (see support/chromium.ts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PROFILE, signedUp, startTestRuntime, type TestRuntime } from '../support/runtime';
import { launchChromium, screenshot, step, type Browser } from './support/chromium';

const TOKEN = 'test-oncall-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const CUSTOMERS = ['c-lena', 'c-milan'];

let runtime: TestRuntime;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
let missingBrowser: Error | undefined;

async function onboarding(): Promise<{ status: string; pause?: { reason: string; entries: string }; versions: Array<{ version: number; inFlight: number }> }> {
  const answer = await runtime.api('GET', '/journeys/onboarding', undefined, AUTH);
  expect(answer.status).toBe(200);
  return answer.body as never;
}

async function freeze(): Promise<{ active: boolean; reason?: string }> {
  const answer = await runtime.api('GET', '/freeze', undefined, AUTH);
  expect(answer.status).toBe(200);
  return answer.body as never;
}

beforeAll(async () => {
  try {
    browser = await launchChromium();
  } catch (error) {
    missingBrowser = error as Error;
    return;
  }
  runtime = await startTestRuntime({ oncallToken: TOKEN });
  for (const customerId of CUSTOMERS) {
    const { status } = await runtime.api('PUT', `/profiles/${customerId}`, { ...PROFILE, customerId, email: `${customerId}@example.com` });
    expect(status).toBe(200);
  }
  expect((await runtime.api('POST', '/events', { events: CUSTOMERS.map((customerId) => signedUp(customerId)) })).status).toBe(202);
  await runtime.idle();
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 180_000);

beforeEach(() => {
  if (missingBrowser) throw missingBrowser;
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

describe('journey lifecycle in the console', { timeout: 90_000 }, () => {
  it('shows onboarding live on v1 with its customers in flight, once signed in', async () => {
    await step(page, 'lifecycle-load', async () => {
      await page.goto(`${runtime.url}/console/`);
      await page.waitForSelector('html[data-ready="true"]');
      // GET /journeys answers ops and on-call callers only: the sign-in comes first.
      await page.locator('#journeys-lifecycle-auth').getByLabel('On-call token').fill(TOKEN);
      await page.locator('#journeys-lifecycle-auth').getByRole('button', { name: 'Sign in' }).click();
      const card = page.locator('#lifecycle-onboarding');
      await card.waitFor();
      expect(await card.getAttribute('data-status')).toBe('running');
      expect(await card.locator('.badge').first().textContent()).toBe('live');
      expect(await card.locator('.lifecycle-routing').textContent()).toBe('v1 100 %');
      expect(await card.locator('tbody tr').evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-version'), row.querySelector('.in-flight')?.textContent]))).toEqual([['1', String(CUSTOMERS.length)]]);
      expect(await page.locator('#lifecycle-freeze').getAttribute('data-frozen')).toBe('false');
      await screenshot(page, 'lifecycle-live');
    });
  });

  it('pauses onboarding after a reason and a confirmation (cancelling changes nothing), then resumes it', async () => {
    await step(page, 'lifecycle-pause', async () => {
      const card = page.locator('#lifecycle-onboarding');
      // No reason: no dialog, a field-level message, nothing changed.
      await card.getByRole('button', { name: 'Pause onboarding…' }).click();
      expect(await page.locator('#confirm-dialog').evaluate((dialog) => (dialog as HTMLDialogElement).open)).toBe(false);
      expect(await card.locator('.notice[data-kind="error"]').textContent()).toContain('Give a reason');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('lifecycle-onboarding-reason');

      await card.getByLabel('Reason for pausing onboarding').fill('tip copy under legal review');
      await card.getByLabel('Pause for').selectOption({ label: '3 days' });
      await card.getByRole('button', { name: 'Pause onboarding…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      // Runtime clock START (manual) + 3 days.
      expect(await dialog.locator('[data-confirm="what"]').textContent()).toContain(await page.evaluate(() => new Date('2026-11-26T10:00:00.000Z').toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' })));
      expect(await dialog.locator('[data-confirm="entries"]').textContent()).toBe('New entries are queued and start once each, in order, on resume.');
      expect(await dialog.locator('[data-confirm="held"]').textContent()).toBe('Messages of the 2 customers in flight are held until resume.');
      expect(await dialog.locator('[data-confirm="reason"]').textContent()).toBe('Reason: tip copy under legal review');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('confirm-cancel');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect((await onboarding()).status).toBe('running');
      expect(await card.getAttribute('data-status')).toBe('running');

      await card.getByRole('button', { name: 'Pause onboarding…' }).click();
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Pause onboarding' }).click();
      await page.waitForSelector('#lifecycle-onboarding[data-status="paused"]');
      const paused = await onboarding();
      expect(paused.status).toBe('paused');
      expect(paused.pause).toMatchObject({ reason: 'tip copy under legal review', entries: 'queue' });
      expect(await card.locator('.badge').first().textContent()).toMatch(/^paused until /);
      expect(await card.locator('.lifecycle-why').textContent()).toMatch(/^new entries queued; by .+: tip copy under legal review$/);
      await screenshot(page, 'lifecycle-paused');

      // Resume: cancel first (still paused), then confirm.
      await card.getByRole('button', { name: 'Resume onboarding…' }).click();
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect((await onboarding()).status).toBe('paused');
      await card.getByRole('button', { name: 'Resume onboarding…' }).click();
      await dialog.waitFor();
      expect(await dialog.locator('[data-confirm="what"]').textContent()).toContain('the queued entries start once each');
      await dialog.getByRole('button', { name: 'Resume onboarding' }).click();
      await page.waitForSelector('#lifecycle-onboarding[data-status="running"]');
      expect((await onboarding()).status).toBe('running');
      expect(await card.locator('.badge').first().textContent()).toBe('live');
    });
  });

  it('freezes all marketing after a reason and a confirmation (cancelling changes nothing), then unfreezes', async () => {
    await step(page, 'lifecycle-freeze', async () => {
      const card = page.locator('#lifecycle-freeze');
      const dialog = page.getByRole('dialog');
      await card.getByLabel('Reason for freezing marketing').fill('brand review after the outage');
      await card.getByRole('button', { name: 'Freeze marketing…' }).click();
      await dialog.waitFor();
      expect(await dialog.locator('[data-confirm="what"]').textContent()).toContain('Transactional and service messages still go out.');
      expect(await dialog.locator('[data-confirm="reason"]').textContent()).toBe('Reason: brand review after the outage');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect((await freeze()).active).toBe(false);

      await card.getByRole('button', { name: 'Freeze marketing…' }).click();
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Freeze marketing' }).click();
      await page.waitForSelector('#lifecycle-freeze[data-frozen="true"]');
      expect(await freeze()).toMatchObject({ active: true, reason: 'brand review after the outage' });
      expect(await card.locator('.lifecycle-freeze-status').textContent()).toContain('brand review after the outage');
      await screenshot(page, 'lifecycle-frozen');

      await card.getByRole('button', { name: 'Unfreeze marketing…' }).click();
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect((await freeze()).active).toBe(true);
      await card.getByRole('button', { name: 'Unfreeze marketing…' }).click();
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Unfreeze marketing' }).click();
      await page.waitForSelector('#lifecycle-freeze[data-frozen="false"]');
      expect((await freeze()).active).toBe(false);
      expect(pageErrors).toEqual([]);
    });
  });
});
