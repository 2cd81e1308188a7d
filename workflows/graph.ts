/**
 * Mermaid flowcharts of Amazon States Language definitions: what `npm run graph` writes to docs/journeys/ and
 * what `journeys graph <journey>` prints. Works on any ASL (JSONPath), not only the journeys':
 * Task, Choice, Wait, Pass, Succeed, Fail, Map and Parallel states, Next/Default/Choice edges and Catch edges.
 *
 * Shapes: Task `[ ]` (with its Lambda function or service integration), Choice `{ }`, Wait `[/ /]`,
 * Pass `[ ]` (muted), Succeed and Fail `([ ])`, Map and Parallel as subgraphs. Catch edges are dotted and
 * labelled with the errors they catch.
 */

export interface AslStates {
  StartAt: string;
  States: Record<string, AslState>;
}

export interface AslState {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: AslChoiceRule[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Resource?: string;
  Parameters?: Record<string, unknown>;
  Seconds?: number;
  SecondsPath?: string;
  Timestamp?: string;
  TimestampPath?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Iterator?: AslStates;
  ItemProcessor?: AslStates;
  Branches?: AslStates[];
  Error?: string;
  [key: string]: unknown;
}

export type AslChoiceRule = Record<string, unknown> & { Next?: string };

/** Any state machine definition (e.g. parsed JSON): states are read as AslState. */
export interface AslInput {
  StartAt: string;
  States: Record<string, unknown>;
}

export interface MermaidOptions {
  /** Flowchart direction (default TD). */
  readonly direction?: 'TD' | 'LR';
}

export function aslToMermaid(input: AslInput, options: MermaidOptions = {}): string {
  const definition = input as AslStates;
  const lines: string[] = [`flowchart ${options.direction ?? 'TD'}`];
  const ids = new NodeIds();
  lines.push(`  start_((start)) --> ${ids.of('', definition.StartAt)}`);
  renderStates(definition, '', lines, ids, '  ');
  lines.push(
    '  classDef task fill:#e8f0fe,stroke:#4a6fa5',
    '  classDef choice fill:#fff4e0,stroke:#c08a2e',
    '  classDef wait fill:#eef7ee,stroke:#4f8a4f',
    '  classDef pass fill:#f5f5f5,stroke:#999,color:#555',
    '  classDef succeed fill:#dff3e3,stroke:#2e7d32',
    '  classDef fail fill:#fde2e1,stroke:#c62828',
  );
  return lines.join('\n');
}

function renderStates(machine: AslStates, scope: string, lines: string[], ids: NodeIds, indent: string): void {
  for (const [name, state] of Object.entries(machine.States)) {
    const id = ids.of(scope, name);
    const edge = (target: string, label?: string, dotted = false) => {
      const to = ids.of(scope, target);
      if (dotted) lines.push(`${indent}${id} -.->${label ? `|"${text(label)}"|` : ''} ${to}`);
      else lines.push(`${indent}${id} -->${label ? `|"${text(label)}"|` : ''} ${to}`);
    };

    switch (state.Type) {
      case 'Map':
      case 'Parallel': {
        const kind = state.Type === 'Map' ? 'map' : 'parallel';
        const branches = state.Type === 'Map' ? [state.ItemProcessor ?? state.Iterator].filter((b): b is AslStates => !!b) : (state.Branches ?? []);
        lines.push(`${indent}${id}[["${text(`${name}\n(${kind})`)}"]]:::task`);
        branches.forEach((branch, i) => {
          const inner = `${scope}${name}/${i}/`;
          lines.push(`${indent}subgraph ${id}_${i} ["${text(state.Type === 'Map' ? `${name}: each item` : `${name}: branch ${i + 1}`)}"]`);
          renderStates(branch, inner, lines, ids, `${indent}  `);
          lines.push(`${indent}end`);
          lines.push(`${indent}${id} --> ${ids.of(inner, branch.StartAt)}`);
        });
        break;
      }
      default:
        lines.push(`${indent}${id}${shape(name, state)}`);
    }

    if (state.Type === 'Choice') {
      for (const rule of state.Choices ?? []) if (rule.Next) edge(rule.Next, describeRule(rule));
      if (state.Default) edge(state.Default, 'otherwise');
    } else if (state.Next) {
      edge(state.Next);
    }
    for (const c of state.Catch ?? []) edge(c.Next, `catch ${c.ErrorEquals.join(', ')}`, true);
  }
}

function shape(name: string, state: AslState): string {
  switch (state.Type) {
    case 'Task':
      return `["${text(`${name}\n${taskDetail(state)}`)}"]:::task`;
    case 'Choice':
      return `{"${text(name)}"}:::choice`;
    case 'Wait':
      return `[/"${text(`${name}\n${waitDetail(state)}`)}"/]:::wait`;
    case 'Pass':
      return `["${text(name)}"]:::pass`;
    case 'Succeed':
      return `(["${text(name)}"]):::succeed`;
    case 'Fail':
      return `(["${text(state.Error ? `${name}\n${state.Error}` : name)}"]):::fail`;
    default:
      return `["${text(`${name}\n(${state.Type})`)}"]`;
  }
}

function taskDetail(state: AslState): string {
  const resource = state.Resource ?? '';
  const fn = (arn: unknown) => (typeof arn === 'string' ? (/:function:([^:]+)/.exec(arn)?.[1] ?? arn) : 'function');
  let detail: string;
  if (resource.includes(':function:')) detail = `λ ${fn(resource)}`;
  else if (resource.startsWith('arn:aws:states:::lambda:invoke')) detail = `λ ${fn(state.Parameters?.FunctionName)}`;
  else detail = resource.replace(/^arn:aws:states:::/, '');
  if (resource.endsWith('.waitForTaskToken')) detail += ' · wait for task token';
  const timeout = state.TimeoutSecondsPath ?? (state.TimeoutSeconds !== undefined ? seconds(state.TimeoutSeconds) : undefined);
  if (timeout !== undefined) detail += ` · timeout ${timeout}`;
  return detail;
}

function waitDetail(state: AslState): string {
  if (state.Seconds !== undefined) return `wait ${seconds(state.Seconds)}`;
  if (state.SecondsPath) return `wait ${state.SecondsPath} s`;
  if (state.TimestampPath) return `until ${state.TimestampPath}`;
  if (state.Timestamp) return `until ${state.Timestamp}`;
  return 'wait';
}

function seconds(value: number): string {
  if (value % 86400 === 0) return `${value / 86400} d`;
  if (value % 3600 === 0) return `${value / 3600} h`;
  if (value % 60 === 0) return `${value / 60} min`;
  return `${value} s`;
}

const OPERATORS: Record<string, string> = {
  StringEquals: '==',
  NumericEquals: '==',
  BooleanEquals: '==',
  TimestampEquals: '==',
  StringLessThan: '<',
  NumericLessThan: '<',
  TimestampLessThan: '<',
  StringGreaterThan: '>',
  NumericGreaterThan: '>',
  TimestampGreaterThan: '>',
  StringLessThanEquals: '<=',
  NumericLessThanEquals: '<=',
  TimestampLessThanEquals: '<=',
  StringGreaterThanEquals: '>=',
  NumericGreaterThanEquals: '>=',
  TimestampGreaterThanEquals: '>=',
  StringMatches: 'matches',
};

/** A short reading of a Choice rule: `$.x == "a"`, `$.y is present`, `A and B`. */
export function describeRule(rule: Record<string, unknown>): string {
  if (Array.isArray(rule.And)) return (rule.And as Record<string, unknown>[]).map(describeRule).join(' and ');
  if (Array.isArray(rule.Or)) return (rule.Or as Record<string, unknown>[]).map(describeRule).join(' or ');
  if (rule.Not && typeof rule.Not === 'object') return `not (${describeRule(rule.Not as Record<string, unknown>)})`;
  const variable = String(rule.Variable ?? '?');
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'Variable' || key === 'Next') continue;
    if (key === 'IsPresent') return `${variable} ${value ? 'is present' : 'is absent'}`;
    if (key.startsWith('Is')) return `${variable} ${value ? 'is' : 'is not'} ${key.slice(2).toLowerCase()}`;
    const base = key.endsWith('Path') ? key.slice(0, -4) : key;
    const operator = OPERATORS[base] ?? base;
    return `${variable} ${operator} ${key.endsWith('Path') ? String(value) : JSON.stringify(value)}`;
  }
  return variable;
}

/** Mermaid-safe label text: quotes and angle brackets as entities, newlines as <br/>. */
function text(value: string): string {
  return value
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\n/g, '<br/>');
}

/** Stable, Mermaid-safe node ids per (scope, state name). */
class NodeIds {
  private readonly ids = new Map<string, string>();
  private readonly used = new Set<string>(['start_', 'end']);

  of(scope: string, name: string): string {
    const key = `${scope}${name}`;
    let id = this.ids.get(key);
    if (!id) {
      const base = `s_${key.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '')}`;
      id = base;
      for (let n = 2; this.used.has(id); n++) id = `${base}_${n}`;
      this.used.add(id);
      this.ids.set(key, id);
    }
    return id;
  }
}

/** The Markdown page of one journey for docs/journeys/. */
export function journeyMarkdown(journey: string, description: string, definition: AslInput): string {
  const rows = Object.entries((definition as AslStates).States).map(([name, state]) => {
    const comment = typeof state.Comment === 'string' ? state.Comment : '';
    return `| ${name.replace(/\|/g, '\\|')} | ${state.Type} | ${comment.replace(/\|/g, '\\|')} |`;
  });
  return [
    `# The ${journey} journey`,
    '',
    description,
    '',
    `<!-- Generated by \`npm run graph\` (scripts/graph.ts) from the synthesized state machine: do not edit. -->`,
    '',
    '```mermaid',
    aslToMermaid(definition),
    '```',
    '',
    '## States',
    '',
    '| state | type | note |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
