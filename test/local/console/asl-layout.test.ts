/** The console's state machine drawing: graph from ASL, layered layout, SVG — on small definitions and on the journeys. */
import { describe, expect, it } from 'vitest';
import { aslToGraph, aslToSvg, diagramToSvg, layoutGraph, shortRule, START_ID, wrapText, type Diagram } from '../../../local/console/src/asl-layout';
import { loadCdkOut } from '../../../local/engine';
import { testTemplateDir } from '../../support/runtime';

const LOOP = {
  StartAt: 'Evaluate',
  States: {
    Evaluate: { Type: 'Task', Resource: 'arn:aws:lambda:local:000000000000:function:evaluate-message', Next: 'Outcome?', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Not sent' }] },
    'Outcome?': {
      Type: 'Choice',
      Choices: [
        { Variable: '$.decision.outcome', StringEquals: 'deferred', Next: 'Wait until sendAt' },
        { Variable: '$.decision.outcome', StringEquals: 'sent', Next: 'Send' },
      ],
      Default: 'Done',
    },
    'Wait until sendAt': { Type: 'Wait', TimestampPath: '$.decision.sendAt', Next: 'Evaluate' },
    Send: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'arn:aws:lambda:local:0:function:send-message' }, Next: 'Done' },
    'Not sent': { Type: 'Pass', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
};

function overlaps(diagram: Diagram): string[] {
  const found: string[] = [];
  const nodes = diagram.nodes;
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      const [a, b] = [nodes[i]!, nodes[j]!];
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      if (!apart) found.push(`${a.id} / ${b.id}`);
    }
  }
  return found;
}

describe('aslToGraph', () => {
  it('reads Next, Choice rules, Default and Catch as labelled edges, from a start marker', () => {
    const { nodes, edges } = aslToGraph(LOOP);
    expect(nodes.map((n) => n.id)).toEqual([START_ID, 'Evaluate', 'Outcome?', 'Wait until sendAt', 'Send', 'Not sent', 'Done']);
    expect(nodes.find((n) => n.id === 'Evaluate')?.detail).toBe('λ evaluate-message');
    expect(nodes.find((n) => n.id === 'Send')?.detail).toBe('λ send-message');
    expect(nodes.find((n) => n.id === 'Wait until sendAt')?.detail).toBe('until sendAt');
    expect(edges).toContainEqual({ from: START_ID, to: 'Evaluate', kind: 'start' });
    expect(edges).toContainEqual({ from: 'Outcome?', to: 'Send', kind: 'choice', label: 'outcome == "sent"', title: '$.decision.outcome == "sent"' });
    expect(edges).toContainEqual({ from: 'Outcome?', to: 'Done', kind: 'default', label: 'otherwise', title: 'otherwise' });
    expect(edges).toContainEqual({ from: 'Evaluate', to: 'Not sent', kind: 'catch', label: 'catch ALL', title: 'catch States.ALL' });
  });

  it('merges two rules to the same state into one edge with both labels, and ignores targets that do not exist', () => {
    const { edges } = aslToGraph({
      StartAt: 'A',
      States: {
        A: { Type: 'Choice', Choices: [{ Variable: '$.x', StringEquals: 'a', Next: 'B' }, { Variable: '$.x', StringEquals: 'b', Next: 'B' }, { Variable: '$.y', IsPresent: true, Next: 'Nowhere' }] },
        B: { Type: 'Succeed' },
      },
    });
    expect(edges.filter((e) => e.from === 'A')).toEqual([{ from: 'A', to: 'B', kind: 'choice', label: 'x == "a" | x == "b"', title: '$.x == "a"\n$.x == "b"' }]);
  });

  it('shortens JSONPath in rule labels to the last segment', () => {
    expect(shortRule('$.decision.outcome == "deferred" and $.decision.sendAt is present')).toBe('outcome == "deferred" and sendAt …');
    expect(shortRule('$.x > 3')).toBe('x > 3');
  });
});

describe('wrapText', () => {
  it('wraps on words and cuts words longer than a line', () => {
    expect(wrapText('Status after activation wait: exit?', 24)).toEqual(['Status after activation', 'wait: exit?']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('', 4)).toEqual(['']);
  });
});

describe('layoutGraph', () => {
  it('layers the flow top to bottom, draws the loop back up, and overlaps nothing', () => {
    const diagram = layoutGraph(aslToGraph(LOOP));
    const layer = (id: string) => diagram.nodes.find((n) => n.id === id)?.layer ?? -1;
    expect(layer(START_ID)).toBe(0);
    expect(layer('Evaluate')).toBeLessThan(layer('Outcome?'));
    expect(layer('Outcome?')).toBeLessThan(layer('Send'));
    expect(layer('Send')).toBeLessThan(layer('Done'));
    const loop = diagram.edges.find((e) => e.from === 'Wait until sendAt' && e.to === 'Evaluate');
    expect(loop?.back).toBe(true);
    // Drawn from the wait (below) up to Evaluate (above).
    expect(loop!.points[0]!.y).toBeGreaterThan(loop!.points[loop!.points.length - 1]!.y);
    for (const edge of diagram.edges.filter((e) => !e.back)) {
      const ys = edge.points.map((p) => p.y);
      expect(ys, `${edge.from} → ${edge.to} runs downwards`).toEqual([...ys].sort((a, b) => a - b));
    }
    expect(overlaps(diagram)).toEqual([]);
    for (const node of diagram.nodes) {
      expect(node.x).toBeGreaterThanOrEqual(0);
      expect(node.x + node.width).toBeLessThanOrEqual(diagram.width);
      expect(node.y + node.height).toBeLessThanOrEqual(diagram.height);
    }
  });

  it('handles a state pointing to itself and states nothing reaches', () => {
    const diagram = layoutGraph(aslToGraph({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'A' }, Orphan: { Type: 'Succeed' } } }));
    expect(diagram.edges.find((e) => e.from === 'A' && e.to === 'A')?.back).toBe(true);
    expect(diagram.nodes.map((n) => n.id)).toContain('Orphan');
    expect(overlaps(diagram)).toEqual([]);
  });
});

describe('diagramToSvg', () => {
  it('escapes names and labels, marks states with their names, and badges where executions are', () => {
    const svg = aslToSvg(
      { StartAt: 'Is <b> & "c"?', States: { 'Is <b> & "c"?': { Type: 'Choice', Choices: [{ Variable: '$.v', StringEquals: '<x>', Next: 'End' }], Default: 'End' }, End: { Type: 'Succeed' } } },
      { title: 'A <test>', highlights: { End: 3 }, idPrefix: 'demo' },
    );
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('data-state="Is &lt;b&gt; &amp; &quot;c&quot;?"');
    expect(svg).toContain('<title id="demo-title">A &lt;test&gt;</title>');
    expect(svg).toContain('v == &quot;&lt;x&gt;&quot;');
    expect(svg).toMatch(/<g class="sm-node sm-succeed sm-active" data-state="End">/);
    expect(svg).toMatch(/<g class="sm-badge">.*>3<\/text><\/g>/);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('marker-end="url(#demo-arrow)"');
  });

  it('draws each synthesized journey with every state named and no two states on top of each other', async () => {
    const template = loadCdkOut(await testTemplateDir());
    expect(template.stateMachines.map((m) => m.journey).sort()).toEqual(['crisis', 'incident', 'onboarding', 'post-resolution']);
    for (const machine of template.stateMachines) {
      const definition = JSON.parse(machine.definition) as { StartAt: string; States: Record<string, unknown> };
      const diagram = layoutGraph(aslToGraph(definition));
      expect(overlaps(diagram), machine.journey).toEqual([]);
      const svg = diagramToSvg(diagram, { title: machine.journey });
      for (const name of Object.keys(definition.States)) expect(svg, `${machine.journey}: ${name}`).toContain(`data-state="${name.replace(/"/g, '&quot;')}"`);
      // Readable: no wider than a few screens.
      expect(diagram.width, machine.journey).toBeLessThan(2500);
    }
  }, 120_000);
});
