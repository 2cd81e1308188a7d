/**
 * The console's sections as an ARIA tab list (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/): one tab in the
 * Tab order (roving tabindex), arrows/Home/End move between tabs and show them, the URL fragment names the
 * section (#crisis), so a section can be linked and the Back button works.
 */
export interface TabsOptions {
  /** Called when a tab's panel is shown (and `hidden` for the one that was). */
  onChange(shown: string, hidden: string | undefined): void;
}

export function setupTabs(tablist: HTMLElement, options: TabsOptions): { select(id: string, focus?: boolean): void; current(): string } {
  const tabs = [...tablist.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const idOf = (tab: HTMLElement) => tab.id.replace(/^tab-/, '');
  let current: string | undefined;

  const select = (id: string, focus = false) => {
    const tab = tabs.find((t) => idOf(t) === id) ?? tabs[0];
    if (!tab) return;
    const next = idOf(tab);
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(t.getAttribute('aria-controls') ?? '');
      if (panel) panel.hidden = !selected;
    }
    if (focus) tab.focus();
    if (next !== current) {
      const previous = current;
      current = next;
      if (window.location.hash.slice(1).split('/')[0] !== next) history.replaceState(null, '', `#${next}`);
      options.onChange(next, previous);
    }
  };

  for (const tab of tabs) tab.addEventListener('click', () => select(idOf(tab)));
  tablist.addEventListener('keydown', (event) => {
    const index = tabs.findIndex((t) => t === document.activeElement);
    if (index < 0) return;
    let target: number | undefined;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') target = (index + 1) % tabs.length;
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') target = (index - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') target = 0;
    else if (event.key === 'End') target = tabs.length - 1;
    if (target === undefined) return;
    event.preventDefault();
    select(idOf(tabs[target] as HTMLElement), true);
  });
  window.addEventListener('hashchange', () => select(window.location.hash.slice(1).split('/')[0] ?? ''));
  select(window.location.hash.slice(1).split('/')[0] ?? '');
  return { select, current: () => current ?? '' };
}
