import { describe, expect, it } from 'vitest';
import { isWinAnsi, toWinAnsi } from './winansi.js';

describe('toWinAnsi', () => {
  it('keeps Latin-1 and the WinAnsi typographic characters', () => {
    const text = 'Zürich café — “quoted” ‘single’ € … • ™ Œuvre ½ ß ©';
    expect(toWinAnsi(text)).toBe(text);
  });

  it('transliterates other scripts with any-ascii', () => {
    expect(toWinAnsi('Москва')).toBe('Moskva');
    expect(toWinAnsi('北京')).toBe('BeiJing');
    expect(toWinAnsi('Ελλάδα')).toBe('Ellada');
    expect(toWinAnsi('H100 → UAE')).toBe('H100 > UAE');
  });

  it('composes combining sequences and drops invisible characters', () => {
    expect(toWinAnsi('e\u0301')).toBe('\u00e9');
    expect(toWinAnsi('a\u200bb\u00adc')).toBe('abc');
  });

  it('replaces what cannot be transliterated with "?"', () => {
    expect(toWinAnsi('bell\u0007')).toBe('bell?');
    expect(toWinAnsi('x\ue000y')).toBe('x?y');
    for (const char of toWinAnsi('\u0000\u0001\u007f\u0085\ud800')) expect(isWinAnsi(char)).toBe(true);
  });

  it('normalises line endings and expands tabs', () => {
    expect(toWinAnsi('a\r\nb\rc\n')).toBe('a\nb\nc\n');
    expect(toWinAnsi('a\tb')).toBe('a b');
    expect(toWinAnsi('a\tb', 2)).toBe('a  b');
  });
});
