/**
 * The scanner behind the repeated-key, `__proto__` and depth rules (functions/domain/json-structure.ts): it reads
 * raw JSON text, so strings full of braces, quotes and escapes must not confuse it, and the paths it reports must
 * be the contract's (`a.b[2].c`).
 */
import { describe, expect, it } from 'vitest';
import { jsonStructureIssues, MAX_JSON_DEPTH } from '../../../functions/domain/json-structure';

const paths = (text: string) => {
  JSON.parse(text); // every input here is valid JSON: the scanner runs after JSON.parse
  return jsonStructureIssues(text).map((issue) => issue.path);
};

describe('JSON structure rules', () => {
  it.each([
    ['{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}', []],
    ['{"a":"}{\\"a\\":1,","b":"[\\\\","c":"\\"a\\""}', []],
    ['{"a\\"b":1,"a\\u0022b":2}', ['a"b']],
    ['{"a":1,"a":2}', ['a']],
    ['{"x":{"y":[1,{"z":1,"z":2}]}}', ['x.y[1].z']],
    ['[{"k":1},{"k":1,"k":2}]', ['[1].k']],
    ['{"__proto__":{}}', ['__proto__']],
    ['{"s":{"\\u005f_proto__":1}}', ['s.__proto__']],
    ['{"constructor":1,"prototype":2}', []],
  ])('%s → %j', (text, expected) => {
    expect(paths(text)).toEqual(expected);
  });

  it(`allows ${MAX_JSON_DEPTH} levels and refuses one more, naming where`, () => {
    const nest = (levels: number) => `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
    expect(paths(nest(MAX_JSON_DEPTH))).toEqual([]);
    expect(paths(nest(MAX_JSON_DEPTH + 1))).toEqual([Array.from({ length: MAX_JSON_DEPTH }, () => 'a').join('.')]);
    expect(jsonStructureIssues(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)[0]?.message).toContain('nested deeper');
  });

  it('stops at its limit of issues', () => {
    const text = `{${Array.from({ length: 50 }, () => '"k":1').join(',')}}`;
    expect(jsonStructureIssues(text, 5)).toHaveLength(5);
  });
});
