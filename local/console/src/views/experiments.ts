/**
 * Experiments: each experiment the journeys run, with its figures per variant (assigned, sent, conversions,
 * rate with its 95 % interval, chance to beat the baseline), the control group and the winner — and a small bar
 * chart per experiment: one bar per variant (and the control group) for its rate, the interval as a whisker.
 * Read from GET /experiments; refreshed each time the tab is shown.
 */
import { get } from '../api';
import { badge, byId, h, replace } from '../dom';

interface Variant {
  name: string;
  weight: number;
  assigned: number;
  sent: number;
  measured: number;
  conversions: number;
  rate: number;
  interval: [number, number];
  chanceToBeatBaseline?: number;
}

interface Experiment {
  id: string;
  journey: string;
  step: string;
  status: 'running' | 'concluded';
  goal: { event: string; withinHours: number; absent?: boolean };
  minimumSample: number;
  threshold: number;
  variants: Variant[];
  control?: { assigned: number; measured: number; conversions: number; rate: number; lift?: number };
  winner?: string;
}

interface JourneyLift {
  journey: string;
  treated: { measured: number; conversions: number; rate: number };
  control: { measured: number; conversions: number; rate: number };
  lift?: number;
}

export async function showExperiments(): Promise<void> {
  const view = byId('experiments-view');
  try {
    const { experiments, lift } = await get<{ experiments: Experiment[]; lift: JourneyLift[] }>('/experiments');
    replace(view, ...experiments.map(card), lift.length > 0 ? liftCard(lift) : null);
  } catch (error) {
    replace(view, h('p', { class: 'notice error', role: 'alert' }, `Could not load the experiments: ${(error as Error).message}`));
  }
}

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

function card(experiment: Experiment): HTMLElement {
  const titleId = `experiment-${experiment.id}`;
  const goal = `${experiment.goal.absent ? 'no ' : ''}${experiment.goal.event} within ${experiment.goal.withinHours / 24} days`;
  const rows = experiment.variants.map((v) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, v.name, v.name === experiment.winner ? ' ★' : ''),
      h('td', {}, String(v.weight)),
      h('td', {}, String(v.assigned)),
      h('td', {}, String(v.sent)),
      h('td', {}, String(v.conversions)),
      h('td', {}, percent(v.rate)),
      h('td', {}, `${percent(v.interval[0])}–${percent(v.interval[1])}`),
      h('td', {}, v.chanceToBeatBaseline === undefined ? 'baseline' : percent(v.chanceToBeatBaseline)),
    ),
  );
  if (experiment.control) {
    const c = experiment.control;
    rows.push(h('tr', {}, h('th', { scope: 'row' }, 'control group'), h('td', {}, '–'), h('td', {}, String(c.assigned)), h('td', {}, '0'), h('td', {}, String(c.conversions)), h('td', {}, percent(c.rate)), h('td', {}, ''), h('td', {}, c.lift === undefined ? '' : `lift ${percent(c.lift)}`)));
  }
  return h(
    'section',
    { class: 'card experiment', 'aria-labelledby': titleId, 'data-experiment': experiment.id },
    h('h3', { id: titleId }, `${experiment.id} `, badge(experiment.winner ? `winner: ${experiment.winner}` : experiment.status, experiment.winner ? 'ok' : 'info')),
    h('p', { class: 'hint' }, `${experiment.journey} / ${experiment.step} · goal: ${goal} · a winner needs ${experiment.minimumSample} measured per variant and a ${percent(experiment.threshold)} chance to beat the baseline`),
    chart(experiment),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table' },
        h('caption', {}, `Figures of ${experiment.id}`),
        h('thead', {}, h('tr', {}, ...['Variant', 'Weight', 'Assigned', 'Sent', 'Conversions', 'Rate', '95 % interval', 'Chance to beat baseline'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, ...rows),
      ),
    ),
  );
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Horizontal bars: rate per arm, its interval as a whisker; the scale ends just above the highest interval. */
function chart(experiment: Experiment): SVGElement {
  const arms = [
    ...experiment.variants.map((v) => ({ name: v.name, rate: v.rate, interval: v.interval as [number, number] | undefined })),
    ...(experiment.control ? [{ name: 'control group', rate: experiment.control.rate, interval: undefined }] : []),
  ];
  const top = Math.max(0.01, ...arms.map((a) => a.interval?.[1] ?? a.rate)) * 1.1;
  const label = 110;
  const width = 420;
  const bar = 18;
  const height = arms.length * (bar + 10) + 6;
  const x = (rate: number) => label + (rate / top) * (width - label - 60);
  const root = svg('svg', { class: 'experiment-chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': `Conversion rate per variant of ${experiment.id}: ${arms.map((a) => `${a.name} ${percent(a.rate)}`).join(', ')}` });
  arms.forEach((arm, i) => {
    const y = 4 + i * (bar + 10);
    const winner = arm.name === experiment.winner;
    root.append(svg('text', { x: 0, y: y + bar - 5, 'font-size': 12, fill: 'currentColor' }, arm.name));
    root.append(svg('rect', { x: label, y, width: Math.max(1, x(arm.rate) - label), height: bar, fill: winner ? '#2e7d32' : arm.interval ? '#1565c0' : '#757575', rx: 2 }));
    if (arm.interval) {
      const mid = y + bar / 2;
      root.append(svg('line', { x1: x(arm.interval[0]), x2: x(arm.interval[1]), y1: mid, y2: mid, stroke: 'currentColor', 'stroke-width': 1.5 }));
    }
    root.append(svg('text', { x: x(arm.interval?.[1] ?? arm.rate) + 4, y: y + bar - 5, 'font-size': 12, fill: 'currentColor' }, percent(arm.rate)));
  });
  return root;
}

function liftCard(lifts: JourneyLift[]): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'experiments-lift-title' },
    h('h3', { id: 'experiments-lift-title' }, 'Control-group lift per journey'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data-table' },
        h('caption', {}, 'Treated customers against the global control group'),
        h('thead', {}, h('tr', {}, ...['Journey', 'Treated', 'Control', 'Lift'].map((t) => h('th', { scope: 'col' }, t)))),
        h(
          'tbody',
          {},
          ...lifts.map((l) =>
            h('tr', {}, h('th', { scope: 'row' }, l.journey), h('td', {}, `${percent(l.treated.rate)} of ${l.treated.measured}`), h('td', {}, `${percent(l.control.rate)} of ${l.control.measured}`), h('td', {}, l.lift === undefined ? '–' : percent(l.lift))),
          ),
        ),
      ),
    ),
  );
}
