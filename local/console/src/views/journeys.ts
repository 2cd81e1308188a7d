/**
 * Journeys: every journey's counts at a glance; for the chosen one its state machine drawn from the synthesized
 * ASL (badges where live executions are now), its live executions (Step Functions ListExecutions and
 * GetExecutionHistory on the runtime's AWS JSON endpoint), its messages by channel and outcome, and the reasons
 * for what did not go out. Survey answers as NPS and CSAT.
 */
import { ApiError, get, sfn } from '../api';
import { aslToGraph, layoutGraph, diagramToSvg, START_ID, type AslDefinitionLike, type Diagram } from '../asl-layout';
import { badge, byId, h, notice, replace, time } from '../dom';
import { countByState, currentStates, type HistoryEventLike } from '../execution-state';
import { poll } from '../poll';
import { OUTCOME_ORDER, REASON_LABELS, statsByJourney, type JourneyStats, type StatsRow } from '../stats';
import { describeAnswers, formatNps, summarizeHistogram } from '../survey-math';

interface ConsoleJourney {
  journey: string;
  name: string;
  stateMachineArn: string;
  definition: AslDefinitionLike;
  executions: Record<string, number>;
}

interface StatsAnswer {
  generatedAt: string;
  decisions: StatsRow[];
  surveys: { responses: number; histogram: number[] };
}

interface ExecutionItem {
  executionArn: string;
  name: string;
  status: string;
  startDate: number;
  stopDate?: number;
}

interface LiveExecution extends ExecutionItem {
  states: string[];
}

interface DescribedExecution {
  executionArn: string;
  status: string;
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
  stopDate?: number;
}

const MAX_LIVE = 25;

let journeys: ConsoleJourney[] = [];
let stats: StatsAnswer | undefined;
let selected: string | undefined;
let live: LiveExecution[] = [];
let showAll = false;
/** The execution whose details are open (DescribeExecution, refreshed with every poll). */
let expanded: { arn: string; described?: DescribedExecution; error?: string } | undefined;
let zoom: number | undefined;
let statesOpen = false;
const layouts = new Map<string, Diagram>();
let overviewPoll: ReturnType<typeof poll> | undefined;
let livePoll: ReturnType<typeof poll> | undefined;

export function showJourneys(): void {
  overviewPoll ??= poll(refreshOverview, 10_000);
  if (selected) livePoll ??= poll(refreshLive, 3_000);
}

export function hideJourneys(): void {
  overviewPoll?.stop();
  overviewPoll = undefined;
  livePoll?.stop();
  livePoll = undefined;
}

async function refreshOverview(): Promise<void> {
  const message = byId('journeys-notice');
  try {
    const [journeyAnswer, statsAnswer] = await Promise.all([get<{ journeys: ConsoleJourney[] }>('/console/api/journeys'), get<StatsAnswer>('/console/api/stats')]);
    journeys = journeyAnswer.journeys;
    stats = statsAnswer;
    notice(message, '');
  } catch (error) {
    const text =
      error instanceof ApiError && error.status === 404
        ? 'This API does not serve the console helpers (/console/api): journey diagrams and counts need the local runtime (npm start).'
        : error instanceof ApiError
          ? error.describe()
          : String(error);
    notice(message, text, 'error');
    return;
  }
  renderOverview();
  if (!selected && journeys[0]) select(journeys[0].journey, false);
  else if (selected && !document.getElementById('diagram-canvas')) renderDetail();
  else updateChannels();
}

function journeyStats(): JourneyStats[] {
  return statsByJourney(stats?.decisions ?? [], journeys.map((j) => j.journey));
}

function renderOverview(): void {
  const perJourney = new Map(journeyStats().map((s) => [s.journey, s]));
  const table = h(
    'table',
    { class: 'data-table' },
    h('caption', { class: 'visually-hidden' }, 'Journeys at a glance'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Journey'),
        h('th', { scope: 'col', class: 'num' }, 'Running'),
        ...OUTCOME_ORDER.map((outcome) => h('th', { scope: 'col', class: 'num' }, capitalize(outcome))),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
      ),
    ),
    h(
      'tbody',
      {},
      journeys.map((journey) => {
        const s = perJourney.get(journey.journey);
        const current = journey.journey === selected;
        return h(
          'tr',
          { class: current ? 'selected' : undefined },
          h('th', { scope: 'row' }, journey.journey),
          h('td', { class: 'num' }, String(journey.executions.RUNNING ?? 0)),
          ...OUTCOME_ORDER.map((outcome) => h('td', { class: 'num' }, String(s?.byOutcome[outcome] ?? 0))),
          h(
            'td',
            {},
            h(
              'button',
              { type: 'button', class: 'small', id: `show-${journey.journey}`, 'aria-pressed': String(current), onclick: () => select(journey.journey, true) },
              'Show ',
              h('span', { class: 'visually-hidden' }, `${journey.journey} `),
              'diagram',
            ),
          ),
        );
      }),
    ),
  );
  // Re-rendered with every poll: a keyboard user keeps their place.
  const focused = document.activeElement?.id;
  replace(
    byId('journeys-overview'),
    h('h3', {}, 'At a glance'),
    h('p', { class: 'hint' }, 'Executions running now, and messages by their latest decision.'),
    h('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Journeys at a glance', tabindex: '0' }, table),
    surveyCard(),
  );
  if (focused && !document.activeElement?.id) document.getElementById(focused)?.focus();
}

function surveyCard(): HTMLElement {
  const summary = summarizeHistogram(stats?.surveys.histogram ?? []);
  return h(
    'section',
    { class: 'card survey-card', 'aria-labelledby': 'survey-title' },
    h('h3', { id: 'survey-title' }, 'Survey answers after incidents'),
    h(
      'dl',
      { class: 'metrics' },
      metric('NPS', formatNps(summary.nps), 'promoters (9–10) minus detractors (0–6), in % of answers', 'nps'),
      metric('CSAT', summary.csat === null ? '–' : `${summary.csat}%`, 'answers of 8–10, in %', 'csat'),
      metric('Average', summary.average === null ? '–' : summary.average.toFixed(1), 'mean score, 0–10', 'average'),
      metric('Answers', String(summary.responses), describeAnswers(summary), 'responses'),
    ),
    summary.responses > 0
      ? histogram(stats?.surveys.histogram ?? [])
      : h('p', { class: 'hint' }, 'No survey answers yet: surveys go out a day after an incident is resolved.'),
  );
}

/** Answers per score as a small bar chart that is also a table (score → count). */
function histogram(counts: number[]): HTMLElement {
  const max = Math.max(1, ...counts);
  const group = (score: number) => (score <= 6 ? 'detractor' : score <= 8 ? 'passive' : 'promoter');
  return h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': 'Answers per score', tabindex: '0' },
    h(
      'table',
      { class: 'histogram' },
      h('caption', { class: 'visually-hidden' }, 'Answers per score'),
      h(
        'tbody',
        {},
        h('tr', {}, h('th', { scope: 'row' }, 'Score'), counts.map((_, score) => h('td', {}, String(score)))),
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, 'Answers'),
          counts.map((count, score) =>
            h('td', { class: `bar-cell ${group(score)}` }, h('span', { class: 'bar', style: `height:${Math.round((count / max) * 48)}px` }), String(count)),
          ),
        ),
      ),
    ),
  );
}

function metric(name: string, value: string, hint: string, key: string): HTMLElement {
  return h('div', { class: 'metric' }, h('dt', {}, name), h('dd', { 'data-metric': key }, h('span', { class: 'metric-value' }, value), h('span', { class: 'hint' }, hint)));
}

function select(journey: string, focus: boolean): void {
  if (selected !== journey) {
    selected = journey;
    live = [];
    zoom = undefined;
  }
  renderOverview();
  renderDetail();
  livePoll?.stop();
  livePoll = poll(refreshLive, 3_000);
  if (focus) byId('journey-detail-title').focus();
}

function diagramOf(journey: ConsoleJourney): Diagram {
  let diagram = layouts.get(journey.stateMachineArn);
  if (!diagram) {
    diagram = layoutGraph(aslToGraph(journey.definition));
    layouts.set(journey.stateMachineArn, diagram);
  }
  return diagram;
}

function renderDetail(): void {
  const journey = journeys.find((j) => j.journey === selected);
  const container = byId('journey-detail');
  if (!journey) {
    replace(container);
    return;
  }
  replace(
    container,
    h('h3', { id: 'journey-detail-title', tabindex: '-1', class: 'detail-title' }, `The ${journey.journey} journey`),
    diagramFigure(journey),
    h('div', { id: 'executions-host' }),
    h('div', { id: 'channels-host' }),
  );
  updateLive();
  updateChannels();
}

/** The parts that change with every poll, replaced without touching the controls around them. */
function updateLive(): void {
  const journey = journeys.find((j) => j.journey === selected);
  const canvas = document.getElementById('diagram-canvas');
  if (!journey || !canvas) return;
  const diagram = diagramOf(journey);
  const running = live.filter((e) => e.status === 'RUNNING');
  canvas.innerHTML = diagramToSvg(diagram, { title: `State machine of the ${journey.journey} journey`, highlights: countByState(running), idPrefix: `sm-${journey.journey}` });
  applyZoom(diagram);
  const summary = document.getElementById('diagram-running');
  if (summary) summary.textContent = running.length > 0 ? `${running.length} running execution${running.length === 1 ? '' : 's'} shown by badges.` : 'No running executions.';
  const states = document.getElementById('states-host');
  if (states) replace(states, statesTable(journey, diagram));
  const executions = document.getElementById('executions-host');
  if (executions) {
    const focused = document.activeElement?.id;
    replace(executions, executionsSection(journey));
    if (focused) document.getElementById(focused)?.focus();
  }
}

function updateChannels(): void {
  const host = document.getElementById('channels-host');
  const s = journeyStats().find((x) => x.journey === selected);
  if (host) replace(host, s ? channelSection(s) : null);
}

function applyZoom(diagram: Diagram): void {
  const svg = document.querySelector<SVGSVGElement>('#diagram-canvas svg');
  const scale = zoom ?? 1;
  if (svg) {
    svg.setAttribute('width', String(Math.round(diagram.width * scale)));
    svg.setAttribute('height', String(Math.round(diagram.height * scale)));
  }
  const label = document.getElementById('zoom-label');
  if (label) label.textContent = `${Math.round(scale * 100)}%`;
}

function diagramFigure(journey: ConsoleJourney): HTMLElement {
  const diagram = diagramOf(journey);
  const canvas = h('div', { id: 'diagram-canvas', class: 'diagram-canvas' });
  const scroller = h('div', { id: 'diagram-scroll', class: 'diagram-scroll', tabindex: '0', role: 'region', 'aria-label': `${journey.journey} state machine diagram (scrollable)` }, canvas);
  const setZoom = (value: number) => {
    zoom = Math.min(2, Math.max(0.25, Math.round(value * 100) / 100));
    applyZoom(diagram);
  };
  const toolbar = h(
    'div',
    { class: 'toolbar', role: 'group', 'aria-label': 'Diagram zoom' },
    h('button', { type: 'button', id: 'zoom-out', class: 'small', onclick: () => setZoom((zoom ?? 1) - 0.25), 'aria-label': 'Zoom out' }, '−'),
    h('output', { id: 'zoom-label', class: 'zoom-label', 'aria-live': 'polite' }, '100%'),
    h('button', { type: 'button', id: 'zoom-in', class: 'small', onclick: () => setZoom((zoom ?? 1) + 0.25), 'aria-label': 'Zoom in' }, '+'),
    h('button', { type: 'button', id: 'zoom-fit', class: 'small', onclick: () => setZoom((scroller.clientWidth - 4) / diagram.width) }, 'Fit width'),
    h('button', { type: 'button', id: 'zoom-actual', class: 'small', onclick: () => setZoom(1) }, 'Actual size'),
  );
  // First view: as large as fits, but never so small that the names cannot be read; the start in view.
  if (zoom === undefined) {
    requestAnimationFrame(() => {
      if (zoom !== undefined) return;
      setZoom(Math.min(1, Math.max(0.6, (scroller.clientWidth - 4) / diagram.width)));
      const start = diagram.nodes.find((node) => node.id === START_ID);
      if (start) scroller.scrollLeft = Math.max(0, (start.x + start.width / 2) * (zoom ?? 1) - scroller.clientWidth / 2);
    });
  }
  return h(
    'figure',
    { class: 'diagram' },
    toolbar,
    scroller,
    h(
      'figcaption',
      {},
      h('span', { class: 'legend' }, legendItem('task', 'task (Lambda)'), legendItem('choice', 'choice'), legendItem('wait', 'wait'), legendItem('pass', 'pass'), legendItem('succeed', 'end'), legendItem('active', 'executions here now')),
      ' ',
      h('span', { id: 'diagram-running' }),
    ),
    h(
      'details',
      { class: 'states-text', open: statesOpen, ontoggle: (event) => (statesOpen = (event.target as HTMLDetailsElement).open) },
      h('summary', {}, `States as a table (${diagram.nodes.length - 1})`),
      h('div', { id: 'states-host' }),
    ),
  );
}

function legendItem(kind: string, label: string): HTMLElement {
  return h('span', { class: 'legend-item' }, h('span', { class: `legend-swatch sm-swatch-${kind}`, 'aria-hidden': 'true' }), label);
}

/** The same graph as a table, for screen readers and for searching the page. */
function statesTable(journey: ConsoleJourney, diagram: Diagram): HTMLElement {
  const highlights = countByState(live.filter((e) => e.status === 'RUNNING'));
  const rows = diagram.nodes
    .filter((node) => node.id !== START_ID)
    .map((node) => {
      const next = diagram.edges.filter((edge) => edge.from === node.id).map((edge) => (edge.label ? `${edge.to} (${edge.title ?? edge.label})` : edge.to));
      return h('tr', {}, h('th', { scope: 'row' }, node.id), h('td', {}, node.type), h('td', {}, next.join('; ') || '—'), h('td', { class: 'num' }, String(highlights[node.id] ?? 0)));
    });
  return h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': `${journey.journey} states`, tabindex: '0' },
    h(
      'table',
      { class: 'data-table' },
      h('caption', { class: 'visually-hidden' }, `States of the ${journey.journey} journey`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'State'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Next'), h('th', { scope: 'col', class: 'num' }, 'Running here'))),
      h('tbody', {}, rows),
    ),
  );
}

async function refreshLive(): Promise<void> {
  const journey = journeys.find((j) => j.journey === selected);
  if (!journey) return;
  try {
    const page = await sfn<{ executions: ExecutionItem[] }>('ListExecutions', {
      stateMachineArn: journey.stateMachineArn,
      maxResults: MAX_LIVE,
      ...(showAll ? {} : { statusFilter: 'RUNNING' }),
    });
    live = await Promise.all(
      page.executions.map(async (execution): Promise<LiveExecution> => {
        if (execution.status !== 'RUNNING') return { ...execution, states: [] };
        const history = await sfn<{ events: HistoryEventLike[] }>('GetExecutionHistory', { executionArn: execution.executionArn, maxResults: 1000, includeExecutionData: false });
        return { ...execution, states: currentStates(history.events) };
      }),
    );
    if (expanded) await describeExpanded();
  } catch (error) {
    notice(byId('journeys-notice'), `Live executions: ${error instanceof ApiError ? error.describe() : String(error)}`, 'error');
    return;
  }
  if (journey.journey === selected) updateLive();
}

async function describeExpanded(): Promise<void> {
  const current = expanded;
  if (!current) return;
  try {
    current.described = await sfn<DescribedExecution>('DescribeExecution', { executionArn: current.arn });
    delete current.error;
  } catch (error) {
    current.error = error instanceof ApiError ? error.describe() : String(error);
  }
}

async function toggleDetails(arn: string): Promise<void> {
  expanded = expanded?.arn === arn ? undefined : { arn };
  if (expanded) await describeExpanded();
  updateLive();
  document.getElementById(`details-${cssId(arn)}`)?.focus();
}

const cssId = (arn: string): string => arn.replace(/[^A-Za-z0-9_-]/g, '_');

function detailsRow(execution: LiveExecution): HTMLElement | null {
  if (expanded?.arn !== execution.executionArn) return null;
  const d = expanded.described;
  const pretty = (text: string | undefined) => {
    if (text === undefined) return '—';
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return text;
    }
  };
  return h(
    'tr',
    { class: 'execution-details' },
    h(
      'td',
      { colspan: '4' },
      expanded.error
        ? h('p', { class: 'notice', 'data-kind': 'error' }, expanded.error)
        : !d
          ? h('p', {}, 'Loading…')
          : h(
              'dl',
              { class: 'facts' },
              h('dt', {}, 'ARN'),
              h('dd', { class: 'mono' }, d.executionArn),
              d.stopDate ? [h('dt', {}, 'Stopped'), h('dd', {}, time(d.stopDate))] : null,
              d.error ? [h('dt', {}, 'Error'), h('dd', {}, `${d.error}${d.cause ? `: ${d.cause}` : ''}`)] : null,
              h('dt', {}, 'Input'),
              h('dd', {}, h('pre', { class: 'json' }, pretty(d.input))),
              d.output !== undefined ? [h('dt', {}, 'Output'), h('dd', {}, h('pre', { class: 'json' }, pretty(d.output)))] : null,
            ),
    ),
  );
}

function executionsSection(journey: ConsoleJourney): HTMLElement {
  const toggle = h('input', {
    type: 'checkbox',
    id: 'executions-all',
    checked: showAll,
    onchange: (event) => {
      showAll = (event.target as HTMLInputElement).checked;
      void livePoll?.now();
    },
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'executions-title' },
    h('h4', { id: 'executions-title' }, 'Executions'),
    h('div', { class: 'checkbox' }, toggle, h('label', { for: 'executions-all' }, 'Include finished executions')),
    h('p', { class: 'hint' }, 'Select an execution to see its input and result (DescribeExecution).'),
    live.length === 0
      ? h('p', { class: 'hint' }, showAll ? 'No executions yet.' : `No ${journey.journey} execution is running.`)
      : h(
          'div',
          { class: 'table-wrap', role: 'region', 'aria-label': 'Executions', tabindex: '0' },
          h(
            'table',
            { class: 'data-table wide', id: 'executions-table' },
            h('caption', { class: 'visually-hidden' }, `Executions of the ${journey.journey} journey, newest first`),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Execution'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Current state'), h('th', { scope: 'col' }, 'Started'))),
            h(
              'tbody',
              {},
              live.flatMap((execution) => [
                h(
                  'tr',
                  {},
                  h(
                    'th',
                    { scope: 'row', class: 'mono' },
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'link-button',
                        id: `details-${cssId(execution.executionArn)}`,
                        'aria-expanded': String(expanded?.arn === execution.executionArn),
                        onclick: () => void toggleDetails(execution.executionArn),
                      },
                      execution.name,
                    ),
                  ),
                  h('td', {}, badge(execution.status.toLowerCase(), statusTone(execution.status))),
                  h('td', { class: 'current-state' }, execution.states.length > 0 ? execution.states.join(' › ') : '—'),
                  h('td', {}, time(execution.startDate)),
                ),
                detailsRow(execution),
              ]),
            ),
          ),
        ),
  );
}

function statusTone(status: string): string {
  return status === 'RUNNING' ? 'info' : status === 'SUCCEEDED' ? 'ok' : status === 'ABORTED' ? 'muted' : 'bad';
}

function channelSection(s: JourneyStats): HTMLElement {
  const channels = Object.keys(s.byChannel).sort();
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'outcomes-title' },
    h('h4', { id: 'outcomes-title' }, 'Messages by channel and outcome'),
    s.total === 0
      ? h('p', { class: 'hint' }, 'No messages decided yet.')
      : h(
          'div',
          { class: 'table-wrap', role: 'region', 'aria-label': 'Messages by channel', tabindex: '0' },
          h(
            'table',
            { class: 'data-table', id: 'outcomes-table' },
            h('caption', { class: 'visually-hidden' }, `Messages of the ${s.journey} journey by channel and outcome`),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Channel'), ...OUTCOME_ORDER.map((o) => h('th', { scope: 'col', class: 'num' }, capitalize(o))))),
            h(
              'tbody',
              {},
              channels.map((channel) =>
                h('tr', {}, h('th', { scope: 'row' }, channel === 'none' ? 'no channel' : channel), ...OUTCOME_ORDER.map((o) => h('td', { class: 'num' }, String(s.byChannel[channel]?.[o] ?? 0)))),
              ),
            ),
          ),
        ),
    s.reasons.length === 0
      ? null
      : h(
          'div',
          { class: 'table-wrap', role: 'region', 'aria-label': 'Reasons', tabindex: '0' },
          h(
            'table',
            { class: 'data-table', id: 'reasons-table' },
            h('caption', {}, 'Why messages were deferred, suppressed, failed or sent on another channel'),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Outcome'), h('th', { scope: 'col' }, 'Reason'), h('th', { scope: 'col', class: 'num' }, 'Messages'))),
            h(
              'tbody',
              {},
              s.reasons.map((r) => h('tr', {}, h('td', {}, badge(r.outcome, outcomeTone(r.outcome))), h('td', {}, REASON_LABELS[r.reason] ?? r.reason), h('td', { class: 'num' }, String(r.count)))),
            ),
          ),
        ),
  );
}

export function outcomeTone(outcome: string): string {
  return outcome === 'sent' ? 'ok' : outcome === 'deferred' ? 'info' : outcome === 'suppressed' ? 'warn' : 'bad';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
