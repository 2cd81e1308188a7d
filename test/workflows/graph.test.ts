/** aslToMermaid: every state type, every kind of edge, safe labels; and the journeys' diagrams are complete. */
import { beforeAll, describe, expect, it } from 'vitest';
import { journeyDefinitions, type AslDefinition } from '../../infra/definitions';
import { aslToMermaid, describeRule, journeyMarkdown, type AslStates } from '../../workflows/graph';
import { synthesize } from '../infra/support';
import { nestedStates, successors } from './asl';

const SAMPLE: AslStates = {
  StartAt: 'Load',
  States: {
    Load: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:local:000000000000:function:customer-status',
      Next: 'Ready?',
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Broken' }],
    },
    'Ready?': {
      Type: 'Choice',
      Choices: [
        { And: [{ Variable: '$.a', IsPresent: true }, { Variable: '$.a', StringEquals: 'x "quoted" <b>' }], Next: 'Pause' },
        { Not: { Variable: '$.n', NumericLessThanEquals: 3 }, Next: 'Fan out' },
      ],
      Default: 'Both',
    },
    Pause: { Type: 'Wait', Seconds: 172800, Next: 'Park' },
    Park: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'arn:aws:lambda:local:000000000000:function:wait-for-event', Payload: {} },
      TimeoutSecondsPath: '$.sla',
      Next: 'Done',
      Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Done' }],
    },
    'Fan out': {
      Type: 'Map',
      ItemProcessor: { StartAt: 'Each', States: { Each: { Type: 'Pass', End: true } } },
      Next: 'Done',
    },
    Both: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Left', States: { Left: { Type: 'Wait', TimestampPath: '$.at', End: true } } },
        { StartAt: 'Right', States: { Right: { Type: 'Succeed' } } },
      ],
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
    Broken: { Type: 'Fail', Error: 'Broken', Cause: 'it broke' },
  },
};

const nodeIds = (mermaid: string) => new Set([...mermaid.matchAll(/^\s*(s_[A-Za-z0-9_]+)(?:\[|\{|\()/gm)].map((m) => m[1]!));
const edges = (mermaid: string) => [...mermaid.matchAll(/^\s*(s_[A-Za-z0-9_]+|start_\(\(start\)\)) (-->|-\.->)(?:\|"([^"]*)"\|)? (s_[A-Za-z0-9_]+)$/gm)];

describe('aslToMermaid', () => {
  const mermaid = aslToMermaid(SAMPLE);

  it('draws a flowchart from the start state', () => {
    expect(mermaid.split('\n')[0]).toBe('flowchart TD');
    expect(mermaid).toContain('start_((start)) --> s_Load');
  });

  it('gives each state type its shape, tasks their function and timeout, waits their duration', () => {
    expect(mermaid).toContain('s_Load["Load<br/>λ customer-status"]:::task');
    expect(mermaid).toContain('s_Ready{"Ready?"}:::choice');
    expect(mermaid).toContain('s_Pause[/"Pause<br/>wait 2 d"/]:::wait');
    expect(mermaid).toContain('s_Park["Park<br/>λ wait-for-event · wait for task token · timeout $.sla"]:::task');
    expect(mermaid).toContain('s_Done(["Done"]):::succeed');
    expect(mermaid).toContain('s_Broken(["Broken<br/>Broken"]):::fail');
    expect(mermaid).toMatch(/s_Fan_out\[\["Fan out<br\/>\(map\)"\]\]:::task/);
    expect(mermaid).toMatch(/s_Both\[\["Both<br\/>\(parallel\)"\]\]:::task/);
  });

  it('labels choice edges with their conditions, escaped, and the default as otherwise', () => {
    expect(mermaid).toContain('s_Ready -->|"$.a is present and $.a == #quot;x \\#quot;quoted\\#quot; #lt;b#gt;#quot;"| s_Pause');
    expect(mermaid).toContain('s_Ready -->|"not ($.n #lt;= 3)"| s_Fan_out');
    expect(mermaid).toContain('s_Ready -->|"otherwise"| s_Both');
  });

  it('draws catch edges dotted, labelled with the errors', () => {
    expect(mermaid).toContain('s_Load -.->|"catch States.ALL"| s_Broken');
    expect(mermaid).toContain('s_Park -.->|"catch States.Timeout"| s_Done');
  });

  it('draws Map and Parallel branches as subgraphs entered from their state', () => {
    expect(mermaid).toMatch(/subgraph s_Fan_out_0 \["Fan out: each item"\]\n\s+s_Fan_out_0_Each\["Each"\]:::pass\n\s*end/);
    expect(mermaid).toContain('s_Fan_out --> s_Fan_out_0_Each');
    expect(mermaid).toContain('subgraph s_Both_0 ["Both: branch 1"]');
    expect(mermaid).toContain('subgraph s_Both_1 ["Both: branch 2"]');
    expect(mermaid).toContain('s_Both --> s_Both_0_Left');
    expect(mermaid).toContain('s_Both --> s_Both_1_Right');
  });

  it('declares every node an edge uses', () => {
    const declared = nodeIds(mermaid);
    for (const edge of edges(mermaid)) expect(declared.has(edge[4]!), edge[0]).toBe(true);
  });

  it('reads choice rules', () => {
    expect(describeRule({ Variable: '$.x', BooleanEquals: true })).toBe('$.x == true');
    expect(describeRule({ Variable: '$.x', IsPresent: false })).toBe('$.x is absent');
    expect(describeRule({ Variable: '$.x', NumericGreaterThanEqualsPath: '$.y' })).toBe('$.x >= $.y');
    expect(describeRule({ Or: [{ Variable: '$.a', IsNull: true }, { Variable: '$.b', StringEquals: 'c' }] })).toBe('$.a is null or $.b == "c"');
  });
});

describe('journey diagrams', () => {
  let definitions: Record<string, AslDefinition>;
  beforeAll(() => {
    definitions = journeyDefinitions(synthesize().json);
  }, 120_000);

  it('have one node per state and one edge per transition', () => {
    expect(Object.keys(definitions).sort()).toEqual(['crisis', 'incident', 'onboarding', 'post-resolution']);
    for (const [name, definition] of Object.entries(definitions)) {
      const mermaid = aslToMermaid(definition);
      // Map iterations (the crisis broadcast's shard loops) are drawn as subgraphs: their states count too, and
      // each subgraph is entered by one edge from its Map.
      const states = nestedStates(definition).map(([, state]) => state);
      expect(nodeIds(mermaid).size, name).toBe(states.length);
      const transitions = states.reduce((n, s) => n + successors(s).length, 0);
      const subgraphs = states.filter((s) => s.Type === 'Map' || s.Type === 'Parallel').length;
      expect(edges(mermaid).length, name).toBe(transitions + subgraphs + 1);
    }
  });

  it('render as a Markdown page with the diagram and a state table', () => {
    const page = journeyMarkdown('crisis', 'The crisis journey.', definitions.crisis!);
    expect(page).toMatch(/^# The crisis journey\n/);
    expect(page).toContain('```mermaid\nflowchart TD\n');
    expect(page).toContain('| Broadcast alert: plan | Task | crisis-broadcast: alert: count the audience, split the shards into groups |');
    expect(page).toContain('| Broadcast alert | Map | crisis-broadcast: alert: one loop per shard group, in parallel |');
    expect(page).toContain('subgraph s_Broadcast_alert_0 ["Broadcast alert: each item"]');
  });
});
