/**
 * A state machine definition (Amazon States Language, JSONPath) drawn as an SVG flowchart, with no library: the
 * graph is read from the ASL (Next, Choice rules, Default, Catch), laid out in layers (a small Sugiyama: cycles
 * broken by a depth-first search from StartAt, longest-path layering, dummy nodes on long edges, barycentric
 * ordering to reduce crossings, then x positions pulled towards neighbours), and written as SVG markup.
 *
 * Pure: no DOM, so the console renders it in the browser and the unit tests check it in Node. Text is measured by
 * an estimate (average glyph width), which is why labels wrap early.
 */
import { describeRule } from '../../../workflows/graph';

export interface AslDefinitionLike {
  StartAt: string;
  States: Record<string, unknown>;
}

export type EdgeKind = 'next' | 'choice' | 'default' | 'catch' | 'start';

export interface GraphNode {
  /** The state name (unique within the definition's top level). The start marker is `START_ID`. */
  id: string;
  type: string;
  /** A second line: the Lambda function, the wait, the error. */
  detail?: string;
  /** The state's Comment, shown as a tooltip. */
  comment?: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** Short label drawn next to the edge (choice rules, catches). */
  label?: string;
  /** Full label for the tooltip. */
  title?: string;
}

export interface StateGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface Point {
  x: number;
  y: number;
}

export interface PlacedNode extends GraphNode {
  layer: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The name wrapped to the node's width. */
  lines: string[];
}

export interface PlacedEdge extends GraphEdge {
  /** From the source's border to the target's border, through the dummy nodes of a long edge. */
  points: Point[];
  /** Drawn against the flow (a loop back to an earlier state). */
  back: boolean;
  /** Where the label goes (labels of one state's edges are staggered so they do not overlap). */
  labelAt?: Point;
}

export interface Diagram {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
  layers: number;
}

export const START_ID = '\u0000start';

const CHAR_WIDTH = 6.8;
const LINE_HEIGHT = 15;
const NODE_PADDING_X = 14;
const NODE_PADDING_Y = 9;
const MIN_WIDTH = 96;
const MAX_CHARS = 24;
const H_GAP = 28;
const V_GAP = 46;
const MARGIN = 16;
const START_SIZE = 18;

interface AslStateLike {
  Type?: unknown;
  Next?: unknown;
  Default?: unknown;
  Choices?: unknown;
  Catch?: unknown;
  Resource?: unknown;
  Parameters?: unknown;
  Seconds?: unknown;
  SecondsPath?: unknown;
  Timestamp?: unknown;
  TimestampPath?: unknown;
  Error?: unknown;
  Comment?: unknown;
  Branches?: unknown;
  ItemProcessor?: unknown;
  Iterator?: unknown;
}

/** The top level of a definition as a graph. Map and Parallel states are one node each (their inner states are not drawn). */
export function aslToGraph(definition: AslDefinitionLike): StateGraph {
  const nodes: GraphNode[] = [{ id: START_ID, type: 'Start' }];
  const edges: GraphEdge[] = [];
  const names = new Set(Object.keys(definition.States));
  const add = (edge: GraphEdge) => {
    if (!names.has(edge.to)) return;
    const same = edges.find((existing) => existing.from === edge.from && existing.to === edge.to && existing.kind === edge.kind);
    if (same) {
      // Two rules to the same state (e.g. "updated" or "timed out" → the same step): one edge, both labels.
      if (edge.label) same.label = same.label ? `${same.label} | ${edge.label}` : edge.label;
      if (edge.title) same.title = same.title ? `${same.title}\n${edge.title}` : edge.title;
      return;
    }
    edges.push(edge);
  };
  if (names.has(definition.StartAt)) edges.push({ from: START_ID, to: definition.StartAt, kind: 'start' });

  for (const [name, raw] of Object.entries(definition.States)) {
    const state = (raw ?? {}) as AslStateLike;
    const type = typeof state.Type === 'string' ? state.Type : 'Unknown';
    const detail = detailOf(state, type);
    nodes.push({
      id: name,
      type,
      ...(detail ? { detail } : {}),
      ...(typeof state.Comment === 'string' && state.Comment !== '' ? { comment: state.Comment } : {}),
    });
    if (type === 'Choice' && Array.isArray(state.Choices)) {
      for (const rule of state.Choices as Record<string, unknown>[]) {
        if (typeof rule?.Next !== 'string') continue;
        const title = describeRule(rule);
        add({ from: name, to: rule.Next, kind: 'choice', label: shortRule(title), title });
      }
    }
    if (typeof state.Default === 'string') add({ from: name, to: state.Default, kind: 'default', label: 'otherwise', title: 'otherwise' });
    if (typeof state.Next === 'string') add({ from: name, to: state.Next, kind: 'next' });
    if (Array.isArray(state.Catch)) {
      for (const handler of state.Catch as { ErrorEquals?: unknown; Next?: unknown }[]) {
        if (typeof handler?.Next !== 'string') continue;
        const errors = Array.isArray(handler.ErrorEquals) ? handler.ErrorEquals.map(String).join(', ') : 'error';
        add({ from: name, to: handler.Next, kind: 'catch', label: `catch ${shortError(errors)}`, title: `catch ${errors}` });
      }
    }
  }
  return { nodes, edges };
}

/** `$.decision.outcome == "sent"` → `outcome == "sent"`: the last path segment is what a reader needs. */
export function shortRule(rule: string): string {
  const short = rule.replace(/\$\.?(?:[A-Za-z0-9_]+\.)*([A-Za-z0-9_]+)/g, '$1').replace(/\$\$?/g, '$');
  return short.length > 34 ? `${short.slice(0, 33)}…` : short;
}

function shortError(errors: string): string {
  return errors.replace(/States\./g, '').replace(/Lambda\./g, '');
}

function detailOf(state: AslStateLike, type: string): string | undefined {
  switch (type) {
    case 'Task': {
      const resource = typeof state.Resource === 'string' ? state.Resource : '';
      const fn = (arn: unknown) => (typeof arn === 'string' ? (/:function:([^:]+)/.exec(arn)?.[1] ?? arn) : 'function');
      let detail: string;
      if (resource.includes(':function:')) detail = `λ ${fn(resource)}`;
      else if (resource.startsWith('arn:aws:states:::lambda:invoke')) detail = `λ ${fn((state.Parameters as Record<string, unknown> | undefined)?.FunctionName)}`;
      else detail = resource.replace(/^arn:aws:states:::/, '');
      if (resource.endsWith('.waitForTaskToken')) detail += ' · callback';
      return detail;
    }
    case 'Wait':
      if (typeof state.Seconds === 'number') return `wait ${duration(state.Seconds)}`;
      if (typeof state.SecondsPath === 'string') return `wait ${state.SecondsPath}`;
      if (typeof state.TimestampPath === 'string') return `until ${state.TimestampPath.replace(/^\$\.(?:[A-Za-z0-9_]+\.)*/, '')}`;
      if (typeof state.Timestamp === 'string') return `until ${state.Timestamp}`;
      return 'wait';
    case 'Fail':
      return typeof state.Error === 'string' ? state.Error : undefined;
    case 'Map':
      return 'map: each item';
    case 'Parallel':
      return `parallel: ${Array.isArray(state.Branches) ? state.Branches.length : 0} branches`;
    default:
      return undefined;
  }
}

function duration(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** Words onto lines of at most `max` characters (a longer word is cut). */
export function wrapText(text: string, max = MAX_CHARS): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    let rest = word;
    while (rest.length > max) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(rest.slice(0, max));
      rest = rest.slice(max);
    }
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= max) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

interface LayoutNode {
  id: string;
  node?: GraphNode;
  layer: number;
  order: number;
  width: number;
  height: number;
  lines: string[];
  x: number;
  y: number;
}

/** Places the graph: layers top to bottom in flow order, loops drawn back up. */
export function layoutGraph(graph: StateGraph): Diagram {
  const ids = graph.nodes.map((node) => node.id);
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const outgoing = new Map<string, GraphEdge[]>(ids.map((id) => [id, []]));
  for (const edge of graph.edges) outgoing.get(edge.from)?.push(edge);

  // 1. Depth-first from the start (then from any state nothing reaches): an edge to a state on the stack is a loop.
  const visitOrder = new Map<string, number>();
  const onStack = new Set<string>();
  const backEdges = new Set<GraphEdge>();
  const visit = (id: string) => {
    visitOrder.set(id, visitOrder.size);
    onStack.add(id);
    for (const edge of outgoing.get(id) ?? []) {
      if (onStack.has(edge.to)) backEdges.add(edge);
      else if (!visitOrder.has(edge.to)) visit(edge.to);
    }
    onStack.delete(id);
  };
  const roots = ids[0] === START_ID ? [START_ID, ...ids.slice(1)] : ids;
  for (const id of roots) if (!visitOrder.has(id)) visit(id);

  // 2. Longest-path layering over the acyclic graph (loops reversed); self-loops take no part.
  const forward = graph.edges
    .filter((edge) => edge.from !== edge.to)
    .map((edge) => (backEdges.has(edge) ? { edge, from: edge.to, to: edge.from } : { edge, from: edge.from, to: edge.to }));
  const layer = new Map<string, number>(ids.map((id) => [id, 0]));
  const indegree = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const { to } of forward) indegree.set(to, (indegree.get(to) ?? 0) + 1);
  const queue = ids.filter((id) => indegree.get(id) === 0).sort((a, b) => (visitOrder.get(a) ?? 0) - (visitOrder.get(b) ?? 0));
  const successors = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const { from, to } of forward) successors.get(from)?.push(to);
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const next of successors.get(id) ?? []) {
      layer.set(next, Math.max(layer.get(next) ?? 0, (layer.get(id) ?? 0) + 1));
      indegree.set(next, (indegree.get(next) ?? 0) - 1);
      if (indegree.get(next) === 0) queue.push(next);
    }
  }

  // 3. Nodes with their sizes; long edges get a dummy node in every layer they cross.
  const nodes = new Map<string, LayoutNode>();
  for (const id of ids) {
    const node = byId.get(id) as GraphNode;
    if (id === START_ID) {
      nodes.set(id, { id, node, layer: layer.get(id) ?? 0, order: 0, width: START_SIZE, height: START_SIZE, lines: [], x: 0, y: 0 });
      continue;
    }
    const lines = wrapText(id);
    const detailLines = node.detail ? wrapText(node.detail, MAX_CHARS + 4) : [];
    const longest = Math.max(...lines.map((l) => l.length), ...detailLines.map((l) => l.length * 0.92));
    const extra = node.type === 'Choice' ? 24 : 0;
    const width = Math.max(MIN_WIDTH, Math.ceil(longest * CHAR_WIDTH + 2 * NODE_PADDING_X + extra));
    const height = (lines.length + detailLines.length) * LINE_HEIGHT + 2 * NODE_PADDING_Y;
    nodes.set(id, { id, node, layer: layer.get(id) ?? 0, order: 0, width, height, lines, x: 0, y: 0 });
  }
  interface Chain {
    edge: GraphEdge;
    back: boolean;
    /** In flow direction (top to bottom): real node, dummies…, real node. */
    path: string[];
  }
  const chains: Chain[] = [];
  let dummyCount = 0;
  for (const { edge, from, to } of forward) {
    const path = [from];
    for (let l = (layer.get(from) ?? 0) + 1; l < (layer.get(to) ?? 0); l++) {
      const id = `\u0000dummy${dummyCount++}`;
      nodes.set(id, { id, layer: l, order: 0, width: 8, height: 8, lines: [], x: 0, y: 0 });
      path.push(id);
    }
    path.push(to);
    chains.push({ edge, back: backEdges.has(edge), path });
  }

  const layerCount = Math.max(0, ...[...nodes.values()].map((n) => n.layer)) + 1;
  const layers: LayoutNode[][] = Array.from({ length: layerCount }, () => []);
  // Initial order: depth-first discovery (dummies after the node they hang from).
  const rank = (n: LayoutNode) => visitOrder.get(n.id) ?? Number.MAX_SAFE_INTEGER;
  for (const n of [...nodes.values()].sort((a, b) => rank(a) - rank(b))) layers[n.layer]?.push(n);
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  for (const { path } of chains) {
    for (let i = 0; i + 1 < path.length; i++) {
      const [a, b] = [path[i] as string, path[i + 1] as string];
      down.set(a, [...(down.get(a) ?? []), b]);
      up.set(b, [...(up.get(b) ?? []), a]);
    }
  }
  for (const l of layers) {
    placeDummiesNearParents(l, up, nodes);
    l.forEach((n, order) => (n.order = order));
  }

  // 4. Barycentric sweeps, keeping the ordering with the fewest crossings.
  let best = layers.map((l) => [...l]);
  let bestCrossings = countCrossings(layers, down, nodes);
  for (let sweep = 0; sweep < 12 && bestCrossings > 0; sweep++) {
    const downward = sweep % 2 === 0;
    const range = downward ? [...Array(layerCount).keys()].slice(1) : [...Array(layerCount).keys()].reverse().slice(1);
    for (const i of range) {
      const neighbours = downward ? up : down;
      const current = layers[i] as LayoutNode[];
      const keyed = current.map((n) => {
        const linked = (neighbours.get(n.id) ?? []).map((id) => nodes.get(id)?.order ?? 0);
        return { n, key: linked.length > 0 ? linked.reduce((s, v) => s + v, 0) / linked.length : n.order };
      });
      keyed.sort((a, b) => a.key - b.key || a.n.order - b.n.order);
      layers[i] = keyed.map((k) => k.n);
      layers[i]?.forEach((n, order) => (n.order = order));
    }
    const crossings = countCrossings(layers, down, nodes);
    if (crossings < bestCrossings) {
      bestCrossings = crossings;
      best = layers.map((l) => [...l]);
    }
  }
  for (const [i, l] of best.entries()) layers[i] = l;
  renumber(layers);

  // 5. y per layer (tallest node), x packed then pulled towards neighbours a few times.
  let y = MARGIN;
  for (const l of layers) {
    const height = Math.max(0, ...l.map((n) => n.height));
    for (const n of l) n.y = y + (height - n.height) / 2;
    y += height + V_GAP;
  }
  for (const l of layers) {
    let x = MARGIN;
    for (const n of l) {
      n.x = x;
      x += n.width + H_GAP;
    }
  }
  const centre = (n: LayoutNode) => n.x + n.width / 2;
  for (let round = 0; round < 8; round++) {
    const downward = round % 2 === 0;
    const order = downward ? layers : [...layers].reverse();
    for (const l of order) {
      const neighbours = downward ? up : down;
      const desired = l.map((n) => {
        const linked = [...(neighbours.get(n.id) ?? []), ...(round > 3 ? ((downward ? down : up).get(n.id) ?? []) : [])]
          .map((id) => nodes.get(id))
          .filter((m): m is LayoutNode => m !== undefined);
        return linked.length > 0 ? linked.reduce((s, m) => s + centre(m), 0) / linked.length - n.width / 2 : n.x;
      });
      packAround(l, desired);
    }
  }
  const minX = Math.min(...[...nodes.values()].map((n) => n.x));
  for (const n of nodes.values()) n.x += MARGIN - minX;
  const width = Math.max(...[...nodes.values()].map((n) => n.x + n.width)) + MARGIN;
  const height = y - V_GAP + MARGIN;

  // 6. Edges: ports spread along the bottom of the source and the top of the target.
  const outPorts = new Map<string, Chain[]>();
  const inPorts = new Map<string, Chain[]>();
  for (const chain of chains) {
    const first = chain.path[0] as string;
    const last = chain.path[chain.path.length - 1] as string;
    outPorts.set(first, [...(outPorts.get(first) ?? []), chain]);
    inPorts.set(last, [...(inPorts.get(last) ?? []), chain]);
  }
  const nextX = (chain: Chain, index: number) => centre(nodes.get(chain.path[index] as string) as LayoutNode);
  for (const list of outPorts.values()) list.sort((a, b) => nextX(a, 1) - nextX(b, 1));
  for (const list of inPorts.values()) list.sort((a, b) => nextX(a, a.path.length - 2) - nextX(b, b.path.length - 2));
  const port = (n: LayoutNode, list: Chain[], chain: Chain) => {
    const i = list.indexOf(chain);
    const usable = n.width * 0.6;
    return list.length <= 1 ? centre(n) : n.x + (n.width - usable) / 2 + (usable * i) / (list.length - 1);
  };
  const placedEdges: PlacedEdge[] = chains.map((chain) => {
    const points: Point[] = chain.path.map((id, i) => {
      const n = nodes.get(id) as LayoutNode;
      if (i === 0) return { x: port(n, outPorts.get(id) ?? [], chain), y: n.y + n.height };
      if (i === chain.path.length - 1) return { x: port(n, inPorts.get(id) ?? [], chain), y: n.y };
      return { x: centre(n), y: n.y + n.height / 2 };
    });
    return { ...chain.edge, back: chain.back, points: chain.back ? points.reverse() : points };
  });
  const labelled = new Map<string, number>();
  for (const edge of placedEdges) {
    if (!edge.label) continue;
    const k = labelled.get(edge.from) ?? 0;
    labelled.set(edge.from, k + 1);
    const [p, q] = [edge.points[0] as Point, (edge.points[1] ?? edge.points[0]) as Point];
    const t = 0.3 + 0.25 * (k % 3);
    edge.labelAt = { x: p.x + (q.x - p.x) * t, y: p.y + (q.y - p.y) * t + 4 };
  }
  for (const edge of graph.edges.filter((e) => e.from === e.to)) {
    const n = nodes.get(edge.from) as LayoutNode;
    placedEdges.push({ ...edge, back: true, points: [{ x: n.x + n.width, y: n.y + n.height * 0.3 }, { x: n.x + n.width, y: n.y + n.height * 0.7 }] });
  }

  const placed: PlacedNode[] = graph.nodes.map((node) => {
    const n = nodes.get(node.id) as LayoutNode;
    return { ...node, layer: n.layer, x: n.x, y: n.y, width: n.width, height: n.height, lines: n.lines };
  });
  return { nodes: placed, edges: placedEdges, width: Math.ceil(width), height: Math.ceil(height), layers: layerCount };
}

function renumber(layers: LayoutNode[][]): void {
  for (const l of layers) l.forEach((n, order) => (n.order = order));
}

/** A dummy starts next to the node its edge comes from, so the first sweep starts from a sensible order. */
function placeDummiesNearParents(layerNodes: LayoutNode[], up: Map<string, string[]>, nodes: Map<string, LayoutNode>): void {
  const position = (n: LayoutNode): number => {
    if (!n.id.startsWith('\u0000dummy')) return layerNodes.indexOf(n);
    const parent = nodes.get((up.get(n.id) ?? [])[0] ?? '');
    return parent ? parent.order + 0.5 : layerNodes.length;
  };
  const keyed = layerNodes.map((n) => ({ n, key: position(n) }));
  keyed.sort((a, b) => a.key - b.key);
  layerNodes.splice(0, layerNodes.length, ...keyed.map((k) => k.n));
}

/** Edge crossings between adjacent layers (the quality the ordering minimises). */
export function countCrossings(layers: LayoutNode[][], down: Map<string, string[]>, nodes: Map<string, LayoutNode>): number {
  let crossings = 0;
  for (const l of layers) {
    const segments: [number, number][] = [];
    for (const n of l) for (const to of down.get(n.id) ?? []) segments.push([n.order, nodes.get(to)?.order ?? 0]);
    for (let i = 0; i < segments.length; i++) {
      for (let j = i + 1; j < segments.length; j++) {
        const [a, b] = [segments[i] as [number, number], segments[j] as [number, number]];
        if ((a[0] - b[0]) * (a[1] - b[1]) < 0) crossings++;
      }
    }
  }
  return crossings;
}

/** Puts each node as near its desired x as the order and the gaps allow (the block is centred on the wishes). */
function packAround(layerNodes: LayoutNode[], desired: number[]): void {
  if (layerNodes.length === 0) return;
  const xs: number[] = [];
  layerNodes.forEach((n, i) => {
    const previous = i > 0 ? (xs[i - 1] as number) + (layerNodes[i - 1] as LayoutNode).width + H_GAP : -Infinity;
    xs.push(Math.max(desired[i] as number, previous));
  });
  // Pushing right only drifts the block; pull it back by the mean excess, then restore the gaps from the right.
  const excess = xs.reduce((s, x, i) => s + (x - (desired[i] as number)), 0) / xs.length;
  for (let i = xs.length - 1; i >= 0; i--) {
    const next = i + 1 < xs.length ? (xs[i + 1] as number) - (layerNodes[i] as LayoutNode).width - H_GAP : Infinity;
    xs[i] = Math.min((xs[i] as number) - excess, next);
  }
  layerNodes.forEach((n, i) => (n.x = xs[i] as number));
}

export interface SvgOptions {
  /** Accessible name of the drawing. */
  title: string;
  /** State name → number of executions there now: those nodes are highlighted with a badge. */
  highlights?: Readonly<Record<string, number>>;
  /** Unique per page: prefixes the ids of the markers and the title. */
  idPrefix?: string;
}

const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const TYPE_CLASS: Record<string, string> = {
  Task: 'task',
  Choice: 'choice',
  Wait: 'wait',
  Pass: 'pass',
  Succeed: 'succeed',
  Fail: 'fail',
  Map: 'map',
  Parallel: 'map',
  Start: 'start',
};

/** SVG markup of a placed diagram; every text is escaped. Styling comes from the page's CSS classes (`.sm-*`). */
export function diagramToSvg(diagram: Diagram, options: SvgOptions): string {
  const prefix = options.idPrefix ?? 'sm';
  const highlights = options.highlights ?? {};
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="sm-diagram" viewBox="0 0 ${diagram.width} ${diagram.height}" width="${diagram.width}" height="${diagram.height}" role="img" aria-labelledby="${prefix}-title">`,
    `<title id="${prefix}-title">${escapeXml(options.title)}</title>`,
    '<defs>',
    `<marker id="${prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="sm-arrowhead"/></marker>`,
    '</defs>',
    '<g class="sm-edges">',
  );
  for (const edge of diagram.edges) {
    const cls = `sm-edge sm-edge-${edge.kind}${edge.back ? ' sm-edge-back' : ''}`;
    parts.push(`<g class="${cls}" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}">`);
    if (edge.title) parts.push(`<title>${escapeXml(edge.title)}</title>`);
    parts.push(`<path d="${edgePath(edge.points, edge.from === edge.to)}" marker-end="url(#${prefix}-arrow)"/>`);
    parts.push('</g>');
  }
  parts.push('</g>', '<g class="sm-edge-labels">');
  // Labels above every edge (drawn with a halo), so no line runs through one.
  for (const edge of diagram.edges) {
    if (!edge.label) continue;
    const at = edge.labelAt ?? edge.points[0] ?? { x: 0, y: 0 };
    parts.push(`<text class="sm-edge-label sm-edge-label-${edge.kind}" x="${fmt(at.x)}" y="${fmt(at.y)}">${escapeXml(edge.label)}</text>`);
  }
  parts.push('</g>', '<g class="sm-nodes">');
  for (const node of diagram.nodes) {
    const type = TYPE_CLASS[node.type] ?? 'other';
    const here = highlights[node.id] ?? 0;
    if (node.id === START_ID) {
      parts.push(
        `<g class="sm-node sm-start"><title>start</title><circle cx="${fmt(node.x + node.width / 2)}" cy="${fmt(node.y + node.height / 2)}" r="${node.width / 2}"/></g>`,
      );
      continue;
    }
    const tooltip = [node.id, node.type, node.detail, node.comment].filter(Boolean).join(' — ');
    parts.push(`<g class="sm-node sm-${type}${here > 0 ? ' sm-active' : ''}" data-state="${escapeXml(node.id)}">`, `<title>${escapeXml(tooltip)}</title>`);
    parts.push(shapeOf(node, type));
    const detailLines = node.detail ? wrapText(node.detail, MAX_CHARS + 4) : [];
    const total = node.lines.length + detailLines.length;
    const firstBaseline = node.y + node.height / 2 - ((total - 1) * LINE_HEIGHT) / 2 + 4;
    const cx = node.x + node.width / 2;
    node.lines.forEach((line, i) => parts.push(`<text class="sm-label" x="${fmt(cx)}" y="${fmt(firstBaseline + i * LINE_HEIGHT)}">${escapeXml(line)}</text>`));
    detailLines.forEach((line, i) =>
      parts.push(`<text class="sm-detail" x="${fmt(cx)}" y="${fmt(firstBaseline + (node.lines.length + i) * LINE_HEIGHT)}">${escapeXml(line)}</text>`),
    );
    if (here > 0) {
      const bx = node.x + node.width - 2;
      const by = node.y + 2;
      parts.push(
        `<g class="sm-badge"><circle cx="${fmt(bx)}" cy="${fmt(by)}" r="11"/><text x="${fmt(bx)}" y="${fmt(by + 4)}">${here > 99 ? '99+' : here}</text></g>`,
      );
    }
    parts.push('</g>');
  }
  parts.push('</g>', '</svg>');
  return parts.join('');
}

function shapeOf(node: PlacedNode, type: string): string {
  const { x, y, width: w, height: h } = node;
  switch (type) {
    case 'choice': {
      const d = 12;
      const points = [
        [x + d, y],
        [x + w - d, y],
        [x + w, y + h / 2],
        [x + w - d, y + h],
        [x + d, y + h],
        [x, y + h / 2],
      ];
      return `<polygon class="sm-shape" points="${points.map(([px, py]) => `${fmt(px as number)},${fmt(py as number)}`).join(' ')}"/>`;
    }
    case 'succeed':
    case 'fail':
      return `<rect class="sm-shape" x="${fmt(x)}" y="${fmt(y)}" width="${fmt(w)}" height="${fmt(h)}" rx="${fmt(Math.min(h / 2, 18))}"/>`;
    case 'wait':
      return `<rect class="sm-shape" x="${fmt(x)}" y="${fmt(y)}" width="${fmt(w)}" height="${fmt(h)}" rx="2"/><path class="sm-wait-mark" d="M${fmt(x + 6)},${fmt(y)} v${fmt(h)}"/>`;
    case 'map':
      return `<rect class="sm-shape" x="${fmt(x)}" y="${fmt(y)}" width="${fmt(w)}" height="${fmt(h)}" rx="4"/><rect class="sm-shape-inner" x="${fmt(x + 3)}" y="${fmt(y + 3)}" width="${fmt(w - 6)}" height="${fmt(h - 6)}" rx="3"/>`;
    default:
      return `<rect class="sm-shape" x="${fmt(x)}" y="${fmt(y)}" width="${fmt(w)}" height="${fmt(h)}" rx="${type === 'pass' ? 10 : 4}"/>`;
  }
}

function edgePath(points: Point[], selfLoop: boolean): string {
  const [first] = points;
  if (!first) return '';
  if (selfLoop) {
    const last = points[points.length - 1] as Point;
    return `M${fmt(first.x)},${fmt(first.y)} C${fmt(first.x + 30)},${fmt(first.y - 10)} ${fmt(last.x + 30)},${fmt(last.y + 10)} ${fmt(last.x)},${fmt(last.y)}`;
  }
  let d = `M${fmt(first.x)},${fmt(first.y)}`;
  for (let i = 1; i < points.length; i++) {
    const p = points[i - 1] as Point;
    const q = points[i] as Point;
    const mid = (p.y + q.y) / 2;
    d += ` C${fmt(p.x)},${fmt(mid)} ${fmt(q.x)},${fmt(mid)} ${fmt(q.x)},${fmt(q.y)}`;
  }
  return d;
}

const fmt = (n: number): string => (Math.round(n * 10) / 10).toString();

/** ASL (object or JSON text) → SVG markup, in one call. */
export function aslToSvg(definition: AslDefinitionLike | string, options: SvgOptions): string {
  const parsed = typeof definition === 'string' ? (JSON.parse(definition) as AslDefinitionLike) : definition;
  return diagramToSvg(layoutGraph(aslToGraph(parsed)), options);
}
