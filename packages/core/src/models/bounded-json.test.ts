import { describe, expect, it } from 'vitest';
import { measureJsonDepth, parseBoundedJson } from './bounded-json.js';
import { ModelFormatError } from './source.js';

describe('bounded JSON', () => {
  it('measures depth ignoring brackets inside strings', () => {
    expect(measureJsonDepth('{"a":[1,{"b":"[[[{{{\\"]]"}]}', 10)).toBe(3);
    expect(measureJsonDepth('1', 10)).toBe(0);
  });
  it('refuses deep nesting, oversized text and syntax errors with a reason', () => {
    const deep = '['.repeat(1_000_000);
    expect(() => parseBoundedJson(deep, { maxDepth: 64 })).toThrow(/nesting deeper than 64 levels at character 64/);
    expect(() => parseBoundedJson('[1]', { maxLength: 2 })).toThrow(ModelFormatError);
    expect(() => parseBoundedJson('{"a":}')).toThrow(/JSON:/);
    expect(parseBoundedJson('{"__proto__":{"x":1}}')).toHaveProperty('__proto__');
  });
});
