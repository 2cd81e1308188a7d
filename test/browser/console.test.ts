/**
 * The ops console in a real browser (Debian's Chromium through playwright-core) against a real local runtime on a
 * manual clock, seeded through the HTTP API the way event sources and customers would: profiles, sign-ups, a
 * critical incident (which suppresses marketing), resolved incidents whose surveys get answered. Then, through
 * the page only: a journey's diagram, a customer's suppression, a crisis declared and resolved with the
 * confirmation step, the banner snippet, keyboard use, contrast and a phone-sized viewport.
 *
 * Chromium missing fails every test with the install command (see support/chromium.ts). Screenshots go to
 * test-results/console/ (`*-FAILED.png` when a step fails).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { JourneysClient } from '../../local/cli/api-client';
import { findSurveyToken } from '../../local/cli/demo/survey-link';
import { DEFAULT_POLICY } from '../../functions/domain/policy';
import { countByState, currentStates, type HistoryEventLike } from '../../local/console/src/execution-state';
import { PROFILE, START, eventually, signedUp, startTestRuntime, type TestRuntime } from '../support/runtime';
import { auditContrastInPage, launchChromium, screenshot, screenshotOf, step, type Browser } from './support/chromium';

const TOKEN = 'test-oncall-token';
const HOUR = 3_600_000;

const CUSTOMERS = [
  { customerId: 'c-ana', name: 'Ana Kováčová', locale: 'sk', timeZone: 'Europe/Bratislava', segment: { region: 'eu-central', plan: 'pro' }, phone: '+421900123401' },
  { customerId: 'c-oliver', name: 'Oliver Smith', locale: 'en-GB', timeZone: 'Europe/London', segment: { region: 'eu-west', plan: 'pro' }, phone: '+447700900101' },
  { customerId: 'c-petr', name: 'Petr Novák', locale: 'cs', timeZone: 'Europe/Prague', segment: { region: 'eu-central', plan: 'basic' }, phone: '+420601234501' },
  { customerId: 'c-zsofia', name: 'Zsófia Nagy', locale: 'hu', timeZone: 'Europe/Budapest', segment: { region: 'eu-central', plan: 'basic' }, phone: '+36201234501' },
];
/** Answers to the post-incident survey: two promoters, one detractor → NPS +33, CSAT (8–10) 67 %. */
const SURVEY_SCORES: Record<string, number> = { 'c-oliver': 10, 'c-petr': 9, 'c-zsofia': 3 };

let runtime: TestRuntime;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const externalRequests: string[] = [];

function event(customerId: string, type: string, name: string, data: Record<string, unknown> = {}, occurredAt = START) {
  return { id: `evt-${customerId}-${name}`, type, occurredAt, source: 'console-test', customerId, data };
}

async function seed(rt: TestRuntime): Promise<void> {
  for (const customer of CUSTOMERS) {
    const { status } = await rt.api('PUT', `/profiles/${customer.customerId}`, {
      ...PROFILE,
      ...customer,
      email: `${customer.customerId}@example.com`,
      consents: { onboarding_tips: true, product_news: true, offers: true, surveys: true, service_updates: true },
    });
    expect(status).toBe(200);
  }
  const opened = (customerId: string, severity: string, incidentId: string, title: string) =>
    event(customerId, 'incident.opened', 'inc-opened', { incidentId, severity, title });
  const answer = await rt.api('POST', '/events', {
    events: [
      ...CUSTOMERS.map((c) => signedUp(c.customerId)),
      opened('c-ana', 'critical', 'INC-42', 'Card payments failing'),
      opened('c-oliver', 'minor', 'INC-43', 'Push notifications delayed'),
      opened('c-petr', 'major', 'INC-44', 'Statements late'),
      opened('c-zsofia', 'minor', 'INC-45', 'Slow log-in'),
    ],
  });
  expect(answer.status).toBe(202);
  await rt.idle();
  // Ana activates during her critical incident: her first tip (marketing) is suppressed.
  expect((await rt.api('POST', '/events', event('c-ana', 'customer.activated', 'activated'))).status).toBe(202);
  await rt.idle();
  const resolved = await rt.api('POST', '/events', {
    events: ['c-oliver', 'c-petr', 'c-zsofia'].map((customerId, i) => event(customerId, 'incident.resolved', 'inc-resolved', { incidentId: `INC-4${3 + i}` })),
  });
  expect(resolved.status).toBe(202);
  await rt.idle();
  // The survey goes out a day after the resolution (post-resolution cool-down).
  await rt.clock.advance(25 * HOUR);
  await rt.idle();
  const client = new JourneysClient({ endpoint: rt.url });
  for (const [customerId, score] of Object.entries(SURVEY_SCORES)) {
    const token = await eventually(() => findSurveyToken(client, customerId, rt.sesUrl), 15_000);
    const answered = await rt.api('POST', `/surveys/${token}`, { score });
    expect(answered.status).toBe(200);
  }
  await rt.idle();
}

async function definitionOf(journey: string): Promise<{ StartAt: string; States: Record<string, unknown> }> {
  const described = await runtime.engine.describeStateMachine(runtime.stateMachineArns[journey] as string);
  return JSON.parse(described.definition) as { StartAt: string; States: Record<string, unknown> };
}

/** State name → running executions of the journey in it, from the engine's history. */
async function whereExecutionsAre(journey: string): Promise<Record<string, number>> {
  const { executions } = await runtime.engine.listExecutions({ stateMachineArn: runtime.stateMachineArns[journey] as string, statusFilter: 'RUNNING' });
  const histories = await Promise.all(executions.map((e) => runtime.engine.getExecutionHistory(e.executionArn, { maxResults: 1000 })));
  return countByState(histories.map((h) => ({ states: currentStates(h.events as HistoryEventLike[]) })));
}

async function openConsole(target: Page, hash = ''): Promise<void> {
  await target.goto(`${runtime.url}/console/${hash}`);
  await target.waitForSelector('html[data-ready="true"]');
}

/** Set when Chromium is missing: every test then fails with it (a skipped browser test would pass CI silently). */
let missingBrowser: Error | undefined;

beforeAll(async () => {
  // Chromium first: without it nothing below can pass, and the message says how to install it.
  try {
    browser = await launchChromium();
  } catch (error) {
    missingBrowser = error as Error;
    return;
  }
  runtime = await startTestRuntime({ oncallToken: TOKEN });
  await seed(runtime);
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: runtime.url });
  page = await browser.context.newPage();
  // Fail a step within vitest's time, so its screenshot is taken.
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(runtime.url) || url.startsWith('about:') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    externalRequests.push(url);
    return route.abort();
  });
}, 180_000);

beforeEach(() => {
  if (missingBrowser) throw missingBrowser;
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

describe('ops console in Chromium', { timeout: 60_000 }, () => {
  it('serves the console with landmarks, tabs and the live status banner', async () => {
    await step(page, 'load', async () => {
      await openConsole(page);
      expect(await page.title()).toBe('Journeys ops console');
      for (const role of ['banner', 'navigation', 'main', 'contentinfo'] as const) await expect(page.getByRole(role).first().isVisible()).resolves.toBe(true);
      expect(await page.getByRole('tab').allTextContents()).toEqual(['Journeys', 'Customers', 'Crisis', 'Status banner', 'Experiments', 'Settings']);
      await page.waitForSelector('#status-banner[data-mode="normal"]');
      expect(await page.textContent('#status-banner')).toContain('All systems operational');
      await screenshot(page, 'desktop-journeys');
    });
  });

  it('draws a journey state machine from its ASL, with live executions and outcome counts', async () => {
    await step(page, 'journeys', async () => {
      // The truth to compare with, straight from the engine (state names change as the workflows evolve).
      const onboarding = await definitionOf('onboarding');
      const expectedBadges = await whereExecutionsAre('onboarding');
      expect(Object.values(expectedBadges).reduce((sum, n) => sum + n, 0)).toBe(4);

      await page.getByRole('button', { name: 'Show onboarding diagram' }).click();
      await page.waitForSelector('#diagram-canvas svg');
      // Every state is drawn and labelled with its name (wrapped over lines).
      const nodes = await page.locator('#diagram-canvas g.sm-node[data-state]').evaluateAll((gs) =>
        gs.map((g) => ({ state: g.getAttribute('data-state'), label: [...g.querySelectorAll('text.sm-label')].map((t) => t.textContent).join(' ') })),
      );
      expect(nodes.map((n) => n.state).sort()).toEqual(Object.keys(onboarding.States).sort());
      for (const node of nodes) expect(node.label.replace(/\s/g, '')).toBe(node.state?.replace(/\s/g, ''));
      // Badges where the four running executions are (three wait for activation, Ana — activated — further on).
      await expect
        .poll(() => page.locator('#diagram-canvas g.sm-active').evaluateAll((gs) => Object.fromEntries(gs.map((g) => [g.getAttribute('data-state'), Number(g.querySelector('.sm-badge text')?.textContent)]))))
        .toEqual(expectedBadges);
      await page.waitForSelector('#executions-table');
      expect((await page.locator('#executions-table td.current-state').allTextContents()).sort()).toEqual(
        Object.entries(expectedBadges)
          .flatMap(([state, n]) => Array<string>(n).fill(state))
          .sort(),
      );
      // An execution's input and result (DescribeExecution), kept open across polls.
      const execution = page.locator('#executions-table button', { hasText: 'onboarding-evt-c-ana-signup' });
      await execution.click();
      await page.waitForSelector('#executions-table tr.execution-details pre');
      expect(await page.textContent('#executions-table tr.execution-details')).toContain('"customerId": "c-ana"');
      await page.waitForTimeout(3_500);
      expect(await page.getAttribute('#executions-table button[aria-expanded="true"]', 'id')).toContain('c-ana');
      expect(Number(await page.locator('#outcomes-table tbody tr', { hasText: 'email' }).locator('td').first().textContent())).toBeGreaterThanOrEqual(4);
      // Ana's first tip: suppressed because of her open critical incident.
      expect(await page.textContent('#reasons-table')).toContain('open critical incident');
      // Survey answers 10, 9, 3.
      expect(await page.textContent('[data-metric="nps"] .metric-value')).toBe('+33');
      expect(await page.textContent('[data-metric="csat"] .metric-value')).toBe('67%');
      expect(await page.textContent('[data-metric="responses"] .metric-value')).toBe('3');
      expect(await page.textContent('[data-metric="responses"] .hint')).toBe('2 promoters, 0 passives, 1 detractor');

      const incident = await definitionOf('incident');
      await page.getByRole('button', { name: 'Show incident diagram' }).click();
      await page.waitForFunction((start) => document.querySelector(`#diagram-canvas g.sm-node[data-state="${start}"]`) !== null, incident.StartAt);
      expect(await page.locator('#diagram-canvas g.sm-node[data-state]').count()).toBe(Object.keys(incident.States).length);
      await screenshot(page, 'desktop-journey-diagram');
    });
  });

  it('finds a customer: profile, suppression with its reason, timeline and the e-mail as sent', async () => {
    await step(page, 'customer', async () => {
      await page.getByRole('tab', { name: 'Customers' }).click();
      await page.getByLabel('Customer id').fill('c-ana');
      await page.getByRole('button', { name: 'Find customer' }).click();
      await page.waitForSelector('#customer-title');
      expect(await page.textContent('#customer-title')).toContain('Ana Kováčová');
      expect(await page.textContent('#timeline')).toContain('incident · ');
      // Newest first, 15 at a time: her welcome and her suppressed first tip are older.
      while (!(await page.textContent('#timeline'))?.includes('onboarding · welcome')) await page.click('#timeline-more');
      expect(await page.evaluate(() => document.activeElement?.className)).toBe('timeline-head');
      const tip = page.locator('#timeline li', { hasText: 'onboarding · tip-1' });
      expect(await tip.textContent()).toContain('suppressed');
      // Suppressions are on-call only: sign in right there.
      const suppressions = page.locator('section[aria-labelledby="suppressions-title"]');
      await suppressions.getByLabel('On-call token').fill(TOKEN);
      await suppressions.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForSelector('#suppressions-table');
      const row = page.locator('#suppressions-table tbody tr').first();
      expect(await row.textContent()).toContain('open critical incident INC-42');
      expect(await row.textContent()).toContain('marketing');

      // The latest message, rendered as sent: a sandboxed frame without scripts.
      const frame = page.locator('iframe.email-frame');
      await frame.waitFor();
      expect(await frame.getAttribute('sandbox')).toBe('');
      expect(await page.textContent('#preview-subject')).not.toBe('');
      // The preview is the template with sample values, and says so (not "as the customer saw it").
      expect(await page.textContent('#preview-title')).toBe('Template preview with sample values');
      await page.getByLabel('Language', { exact: true }).selectOption('en');
      await page.waitForFunction(() => (document.querySelector('iframe.email-frame') as HTMLIFrameElement | null)?.srcdoc.includes('lang="en"') ?? false);
      // The sample name of the chosen language (functions/domain/templates/samples.ts): Ana in English.
      await expect.poll(() => page.frameLocator('iframe.email-frame').locator('body').innerText()).toContain('Ana');
      await screenshotOf(page, 'iframe.email-frame', 'desktop-customer-email');
      await page.getByLabel('Channel', { exact: true }).selectOption('sms');
      await page.waitForSelector('.phone-bubble');
      await screenshot(page, 'desktop-customer');
    });
  });

  it('declares and resolves a crisis through the UI, each after a confirmation that restates it', async () => {
    await step(page, 'crisis', async () => {
      await page.getByRole('tab', { name: 'Crisis' }).click();
      await page.waitForSelector('#crisis-mode[data-mode="normal"]');
      if (await page.isVisible('#crisis-auth form')) {
        await page.locator('#crisis-auth').getByLabel('On-call token').fill(TOKEN);
        await page.locator('#crisis-auth').getByRole('button', { name: 'Sign in' }).click();
      }
      await page.waitForSelector('#crisis-declare-form');
      // The playbook's guidance is next to each severity.
      expect(await page.textContent('#crisis-declare-form')).toContain(DEFAULT_POLICY.crisisPlaybook.sev1.guidance);
      await page.getByLabel('SEV1').check();
      await page.getByLabel('Headline (shown on the status banner)').fill('Payments outage');
      await page.getByLabel(/Message to customers/).fill('Card payments are failing. We are working on a fix.');
      await page.getByLabel('All customers').check();
      await page.getByRole('button', { name: 'Review and declare…' }).click();

      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      expect(await dialog.locator('[data-confirm="severity"]').textContent()).toContain('SEV1');
      expect(await dialog.locator('[data-confirm="audience"]').textContent()).toBe('all customers — 4 customers');
      expect(await dialog.locator('[data-confirm="message"]').textContent()).toContain('Card payments are failing.');
      // Escape cancels: nothing is declared.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('confirm-cancel');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      // The notice is written once the dialog's promise settles, a moment after the dialog closes.
      await page.waitForFunction(() => document.querySelector('#crisis-declare-notice')?.textContent?.includes('Cancelled'), undefined, { timeout: 5_000 });
      expect(await page.textContent('#crisis-declare-notice')).toContain('Cancelled: nothing was sent.');
      expect(((await runtime.api('GET', '/crisis')).body as { active: boolean }).active).toBe(false);

      await page.getByRole('button', { name: 'Review and declare…' }).click();
      await dialog.waitFor();
      await screenshot(page, 'desktop-crisis-confirm');
      await dialog.getByRole('button', { name: 'Declare SEV1 and notify' }).click();
      await page.waitForSelector('#crisis-mode[data-mode="crisis"]');
      await page.waitForSelector('#status-banner[data-mode="crisis"]', { timeout: 10_000 });
      expect(await page.textContent('#status-banner')).toContain('Payments outage');
      expect(((await runtime.api('GET', '/status')).body as { mode: string }).mode).toBe('crisis');
      await page.waitForSelector('#broadcast progress');
      await page.waitForSelector('#audit-table');
      expect(await page.textContent('#audit-table')).toContain('declare');
      await screenshot(page, 'desktop-crisis-active');

      await page.getByLabel(/Post-mortem URL/).fill('https://status.example.com/pm/1');
      await page.getByRole('button', { name: 'Review and resolve…' }).click();
      await dialog.waitFor();
      expect(await dialog.locator('[data-confirm="headline"]').textContent()).toContain('Payments outage');
      expect(await dialog.locator('[data-confirm="audience"]').textContent()).toContain('4 customers');
      await dialog.getByRole('button', { name: 'Resolve and send all-clear' }).click();
      await page.waitForSelector('#crisis-mode[data-mode="normal"]');
      await page.waitForSelector('#status-banner[data-mode="normal"]', { timeout: 10_000 });
      expect(((await runtime.api('GET', '/status')).body as { mode: string }).mode).toBe('normal');
      await eventually(async () => (await page.textContent('#audit-table'))?.includes('resolve'));
      await screenshot(page, 'desktop-crisis-resolved');
    });
  });

  it('offers the status banner as a snippet to copy, with a live preview running it', async () => {
    await step(page, 'banner', async () => {
      await page.getByRole('tab', { name: 'Status banner' }).click();
      const snippet = await page.inputValue('#banner-snippet');
      expect(snippet).toContain('<script>');
      expect(snippet).toContain(JSON.stringify(runtime.url));
      await page.getByRole('button', { name: 'Copy snippet' }).click();
      await page.waitForSelector('#banner-copied:not([hidden])');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);

      await page.getByLabel(/Show a green/).check();
      const preview = page.frameLocator('#banner-frame');
      await expect.poll(() => preview.locator('#journeys-status').textContent(), { timeout: 10_000 }).toContain('All systems operational');
      expect(await preview.locator('#journeys-status').getAttribute('role')).toBe('status');
      await screenshot(page, 'desktop-banner');
      await screenshotOf(page, '#banner-frame', 'desktop-banner-preview');
    });
  });

  it('shows each experiment with its figures and a bar chart per variant', async () => {
    await step(page, 'experiments', async () => {
      await page.getByRole('tab', { name: 'Experiments' }).click();
      await page.waitForSelector('[data-experiment="activation-nudge-copy"] .experiment-chart');
      const cards = await page.$$eval('[data-experiment]', (sections) => sections.map((s) => s.getAttribute('data-experiment')));
      expect(cards).toEqual(['activation-nudge-copy', 'detractor-offer']);
      const nudge = page.locator('[data-experiment="activation-nudge-copy"]');
      expect(await nudge.locator('tbody th').allTextContents()).toEqual(['reminder', 'benefit']);
      // One bar per variant; the label of the chart names each variant's rate.
      expect(await nudge.locator('.experiment-chart rect').count()).toBe(2);
      expect(await nudge.locator('.experiment-chart').getAttribute('aria-label')).toMatch(/^Conversion rate per variant of activation-nudge-copy: reminder \d+\.\d %, benefit \d+\.\d %$/);
      await screenshot(page, 'experiments');
    });
  });

  it('is keyboard operable: arrow keys move between tabs, focus is visible', async () => {
    await step(page, 'keyboard', async () => {
      await page.getByRole('tab', { name: 'Journeys' }).click();
      await page.getByRole('tab', { name: 'Journeys' }).focus();
      await page.keyboard.press('ArrowRight');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-customers');
      expect(await page.getAttribute('#tab-customers', 'aria-selected')).toBe('true');
      expect(await page.isVisible('#panel-customers')).toBe(true);
      await page.keyboard.press('End');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-settings');
      await page.keyboard.press('Home');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-journeys');
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
      expect(outline).not.toBe('none');
      // Tab from the tab list reaches the panel.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('panel-journeys');
    });
  });

  it('meets WCAG AA contrast for its text in every section', async () => {
    await step(page, 'contrast', async () => {
      for (const tab of ['Journeys', 'Customers', 'Crisis', 'Status banner', 'Experiments', 'Settings']) {
        await page.getByRole('tab', { name: tab }).click();
        await page.waitForTimeout(300);
        const violations = await page.evaluate(auditContrastInPage);
        expect(violations, `${tab}: ${JSON.stringify(violations)}`).toEqual([]);
      }
    });
  });

  it('works on a phone (375×667): no horizontal scrolling, every section reachable', async () => {
    const phone = await browser.context.newPage();
    phone.on('pageerror', (error) => pageErrors.push(error.message));
    // sessionStorage is per tab: this one signs in as the on-call user before the page loads.
    await phone.addInitScript((token) => {
      // Also runs in sandboxed frames, which have no storage.
      try {
        sessionStorage.setItem('journeys-console.oncallToken', token);
      } catch {
        /* not the console's frame */
      }
    }, TOKEN);
    phone.setDefaultTimeout(15_000);
    try {
      await step(phone, 'phone', async () => {
        await phone.setViewportSize({ width: 375, height: 667 });
        await openConsole(phone);
        for (const [tab, name] of [
          ['Journeys', 'phone-journeys'],
          ['Customers', 'phone-customers'],
          ['Crisis', 'phone-crisis'],
          ['Status banner', 'phone-banner'],
          ['Experiments', 'phone-experiments'],
          ['Settings', 'phone-settings'],
        ] as const) {
          const button = phone.getByRole('tab', { name: tab });
          const box = await button.boundingBox();
          expect(box, `${tab} tab`).not.toBeNull();
          expect((box?.x ?? 0) + (box?.width ?? 0), `${tab} tab fits the width`).toBeLessThanOrEqual(375);
          expect(box?.height ?? 0, `${tab} tab is a comfortable target`).toBeGreaterThanOrEqual(24);
          await button.click();
          expect(await phone.getAttribute(`#tab-${tab === 'Status banner' ? 'banner' : tab.toLowerCase()}`, 'aria-selected')).toBe('true');
          if (tab === 'Journeys') await phone.waitForSelector('#diagram-canvas svg');
          if (tab === 'Customers') {
            await phone.getByLabel('Customer id').fill('c-ana');
            await phone.getByRole('button', { name: 'Find customer' }).click();
            await phone.waitForSelector('#suppressions-table');
          }
          if (tab === 'Crisis') await phone.waitForSelector('#crisis-declare-form');
          if (tab === 'Status banner') await phone.waitForSelector('#banner-frame');
          if (tab === 'Experiments') await phone.waitForSelector('.experiment-chart');
          await phone.waitForTimeout(200);
          const overflow = await phone.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
          expect(overflow.scroll, `${tab}: page wider than the screen`).toBeLessThanOrEqual(overflow.client);
          await screenshot(phone, name);
        }
      });
    } finally {
      await phone.close();
    }
  });

  it('raised no script errors and made no request outside the API', () => {
    expect(pageErrors).toEqual([]);
    expect(externalRequests).toEqual([]);
  });
});
