/** The embeddable status banner: its wording, its snippet (escaped, self-contained), and the snippet actually run. */
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  BANNER_COLOURS,
  bannerSnippet,
  bannerView,
  NORMAL_LABEL,
  normalizeApiBaseUrl,
  scriptJson,
  SEVERITY_LABELS,
  type StatusLike,
} from '../../../local/console/src/banner-snippet';
import { contrastRatio } from '../../../local/console/src/contrast';

describe('bannerView', () => {
  it('words the public status the way the banner shows it', () => {
    expect(bannerView({ mode: 'normal', updatedAt: 'x' })).toEqual({ mode: 'normal', tone: 'normal', label: NORMAL_LABEL, headline: '' });
    expect(bannerView({ mode: 'crisis', severity: 'sev2', headline: 'Payments slow', statusPageUrl: 'https://status.example.com/x' })).toEqual({
      mode: 'crisis',
      tone: 'sev2',
      label: 'Service degraded',
      headline: 'Payments slow',
      link: 'https://status.example.com/x',
    });
    // Unknown severity: treated as the most severe; a non-http link is dropped.
    expect(bannerView({ mode: 'crisis', severity: 'sev9', statusPageUrl: 'javascript:alert(1)' })).toEqual({ mode: 'crisis', tone: 'sev1', label: 'Major outage', headline: '' });
    expect(bannerView(null).mode).toBe('normal');
  });

  it('uses colours with white text at WCAG AA contrast or better', () => {
    for (const [tone, colour] of Object.entries(BANNER_COLOURS)) expect(contrastRatio('#ffffff', colour), tone).toBeGreaterThanOrEqual(4.5);
  });
});

describe('bannerSnippet', () => {
  it('is an element and an inline script reading <api>/status', () => {
    const snippet = bannerSnippet({ apiBaseUrl: 'https://api.example.com/prod/' });
    expect(snippet).toMatch(/^<!-- Journeys status banner[^\n]*-->\n<div id="journeys-status" hidden><\/div>\n<script>\(function \(api, /);
    expect(snippet).toContain('("https://api.example.com/prod", false, 60, "journeys-status"');
    expect(snippet.endsWith(');</script>')).toBe(true);
    // Nothing external but the API: no src, no link, no other URL.
    expect(snippet).not.toMatch(/src=|<link|import\(/);
  });

  it('escapes what goes into the script and refuses what is not an http(s) base URL or an id', () => {
    expect(scriptJson('</script><script>alert(1)</script>')).not.toContain('</script>');
    expect(scriptJson('a\u2028b')).toBe('"a\\u2028b"');
    expect(bannerSnippet({ apiBaseUrl: 'https://api.example.com/a%3C/script%3E' })).not.toMatch(/<\/script>.*<\/script>/s);
    expect(() => normalizeApiBaseUrl('javascript:alert(1)')).toThrow(/http/);
    expect(() => normalizeApiBaseUrl('not a url')).toThrow(/not a URL/);
    expect(() => normalizeApiBaseUrl('https://x.example.com/?a=1')).toThrow(/query/);
    expect(normalizeApiBaseUrl(' https://x.example.com/prod// ')).toBe('https://x.example.com/prod');
    expect(() => bannerSnippet({ apiBaseUrl: 'https://x.example.com', elementId: '"><img>' })).toThrow(/element id/);
    expect(bannerSnippet({ apiBaseUrl: 'https://x.example.com', pollSeconds: 1 })).toContain(', 15, ');
  });
});

/** A DOM just big enough for the snippet, and a fetch that answers `status`. */
function runSnippet(snippet: string, status: StatusLike | 'offline') {
  class FakeNode {
    children: FakeNode[] = [];
    textContent = '';
    get firstChild(): FakeNode | null {
      return this.children[0] ?? null;
    }
    appendChild(child: FakeNode) {
      this.children.push(child);
      return child;
    }
    removeChild(child: FakeNode) {
      this.children = this.children.filter((c) => c !== child);
    }
  }
  class FakeElement extends FakeNode {
    attributes: Record<string, string> = {};
    hidden = true;
    href = '';
    style = { cssText: '' };
    constructor(readonly tagName: string) {
      super();
    }
    setAttribute(name: string, value: string) {
      this.attributes[name] = value;
    }
    get text(): string {
      return this.children.map((c) => (c instanceof FakeElement ? c.text : c.textContent)).join('') + (this.children.length === 0 ? this.textContent : '');
    }
  }
  const box = new FakeElement('div');
  const requests: string[] = [];
  const intervals: number[] = [];
  const document = {
    getElementById: (id: string) => (id === 'journeys-status' ? box : null),
    createElement: (tag: string) => new FakeElement(tag),
    createTextNode: (text: string) => Object.assign(new FakeNode(), { textContent: text }),
  };
  const fetch = async (url: string) => {
    requests.push(url);
    if (status === 'offline') throw new TypeError('Failed to fetch');
    return { ok: true, json: async () => status };
  };
  const script = /<script>([\s\S]*)<\/script>/.exec(snippet)?.[1] ?? '';
  runInNewContext(script, { document, fetch, setInterval: (_fn: unknown, ms: number) => intervals.push(ms) });
  return { box, requests, intervals };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the snippet, run', () => {
  it('shows a crisis as a coloured bar with the headline and a safe status page link', async () => {
    const { box, requests, intervals } = runSnippet(bannerSnippet({ apiBaseUrl: 'https://api.example.com', pollSeconds: 30 }), {
      mode: 'crisis',
      severity: 'sev1',
      headline: 'Payments <b>outage</b>',
      statusPageUrl: 'https://status.example.com/i/1',
    });
    await settle();
    expect(requests).toEqual(['https://api.example.com/status']);
    expect(intervals).toEqual([30_000]);
    expect(box.hidden).toBe(false);
    expect(box.attributes).toMatchObject({ role: 'status', 'aria-live': 'polite', 'data-mode': 'crisis' });
    // Text nodes, not HTML: the headline's markup stays text.
    expect(box.text).toBe(`${SEVERITY_LABELS.sev1}: Payments <b>outage</b> Status page`);
    expect(box.style.cssText).toContain(`background:${BANNER_COLOURS.sev1}`);
    const link = box.children.find((c) => (c as { tagName?: string }).tagName === 'a') as unknown as { href: string };
    expect(link.href).toBe('https://status.example.com/i/1');
  });

  it('matches bannerView for every status the API can answer', async () => {
    const statuses: StatusLike[] = [
      { mode: 'normal' },
      { mode: 'crisis', severity: 'sev2', headline: 'Slow' },
      { mode: 'crisis', severity: 'sev3', headline: 'Minor', statusPageUrl: 'javascript:alert(1)' },
    ];
    for (const status of statuses) {
      const { box } = runSnippet(bannerSnippet({ apiBaseUrl: 'https://api.example.com', showWhenNormal: true }), status);
      await settle();
      const view = bannerView(status);
      expect(box.text).toBe(`${view.label}${view.headline ? `: ${view.headline}` : ''}${view.link ? ' Status page' : ''}`);
      expect(box.style.cssText).toContain(`background:${BANNER_COLOURS[view.tone]}`);
    }
  });

  it('stays hidden in normal mode unless asked, and when the API cannot be reached', async () => {
    const normal = runSnippet(bannerSnippet({ apiBaseUrl: 'https://api.example.com' }), { mode: 'normal' });
    const offline = runSnippet(bannerSnippet({ apiBaseUrl: 'https://api.example.com' }), 'offline');
    await settle();
    expect(normal.box.hidden).toBe(true);
    expect(normal.box.attributes['data-mode']).toBe('normal');
    expect(offline.box.hidden).toBe(true);
  });
});
