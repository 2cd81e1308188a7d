/**
 * The Journeys ops console: marketing ops and on-call staff see the journeys, a customer's story and the crisis
 * switch in one page. Vanilla TypeScript, bundled by esbuild when the runtime first serves /console (build.ts);
 * no framework, no request to anything but the API.
 */
import { get } from './api';
import { byId } from './dom';
import { poll } from './poll';
import { apiBase, configuredApiBase, onSettingsChange } from './settings';
import { refreshStatus, startStatus } from './status-banner';
import { setupTabs } from './tabs';
import { resetBanner, showBanner } from './views/banner';
import { hideCrisis, refreshCrisisAuth, showCrisis } from './views/crisis';
import { refreshCustomerAuth, setupCustomers, showCustomers } from './views/customers';
import { showExperiments } from './views/experiments';
import { hideJourneys, showJourneys } from './views/journeys';
import { hideLifecycle, refreshLifecycleAuth, showLifecycle } from './views/journey-lifecycle';
import { render as renderSettings, showSettings } from './views/settings';

const hide: Record<string, () => void> = {
  journeys: () => {
    hideJourneys();
    hideLifecycle();
  },
  crisis: hideCrisis,
};

function show(section: string): void {
  const subpath = window.location.hash.slice(1).split('/').slice(1).join('/') || undefined;
  switch (section) {
    case 'journeys':
      showJourneys();
      showLifecycle();
      break;
    case 'customers':
      showCustomers(subpath);
      break;
    case 'crisis':
      showCrisis();
      break;
    case 'banner':
      showBanner();
      break;
    case 'settings':
      showSettings();
      break;
    case 'experiments':
      void showExperiments();
      break;
  }
}

function renderConnection(): void {
  byId('connection').textContent = `API: ${apiBase()}${configuredApiBase() ? '' : ' (this page’s origin)'}`;
}

setupCustomers();
const tabs = setupTabs(byId('tabs'), {
  onChange(shown, hidden) {
    if (hidden) hide[hidden]?.();
    show(shown);
  },
});

// A link to another customer (#customers/<id>) while the Customers tab is already open.
window.addEventListener('hashchange', () => {
  if (tabs.current() === 'customers') show('customers');
});

let lastApi = apiBase();
onSettingsChange(() => {
  renderConnection();
  const apiChanged = apiBase() !== lastApi;
  lastApi = apiBase();
  refreshCrisisAuth();
  refreshCustomerAuth();
  refreshLifecycleAuth(tabs.current() === 'journeys');
  if (tabs.current() === 'settings') renderSettings();
  if (apiChanged) {
    resetBanner();
    refreshStatus();
    hideJourneys();
    if (tabs.current() === 'journeys') showJourneys();
  }
});

/** The runtime's virtual clock in the footer (a deployed API has no /health: the footer just stays short). */
async function renderClock(): Promise<void> {
  const footer = byId('footer-clock');
  try {
    const health = await get<{ now: string; timeScale: number }>('/health');
    footer.textContent = `runtime time ${new Date(health.now).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}${health.timeScale === 0 ? ' (manual clock)' : health.timeScale === 1 ? '' : ` (${health.timeScale}× speed)`}`;
  } catch {
    footer.textContent = '';
  }
}

renderConnection();
startStatus();
poll(renderClock, 15_000);
document.documentElement.dataset.ready = 'true';
