import { describe, expect, it } from 'vitest';
import { fillVariables, scriptTexts } from '../../dialogue/variables.ts';
import { BUNDLED_SCRIPTS } from '../../scripts/templates/index.ts';
import { endPauseMs, joinPauseMs, splitAtValues, staticPieces } from './pieces.ts';

const VARS = { name: '王秀英', community: '幸福里社区' };

describe('staticPieces and splitAtValues', () => {
  it('cuts a template at its variables, marking pieces that run on into one', () => {
    expect(staticPieces('请问您是${name}本人吗？')).toEqual(['请问您是，', '本人吗？']);
    expect(staticPieces('您好，这里是${community}，给您打电话。')).toEqual(['您好，这里是，', '，给您打电话。']);
    expect(staticPieces('${community}提醒您：${name}，')).toEqual(['提醒您：', '，']);
    expect(staticPieces('没有变量。')).toEqual(['没有变量。']);
  });

  it('cuts an interpolated text at the values, the values marked with their variable', () => {
    expect(splitAtValues('请问您是王秀英本人吗？', VARS)).toEqual([
      { text: '请问您是，', variable: null, original: '请问您是' },
      { text: '王秀英，', variable: 'name', original: '王秀英' },
      { text: '本人吗？', variable: null, original: '本人吗？' },
    ]);
    expect(splitAtValues('您好。', VARS)).toEqual([{ text: '您好。', variable: null, original: '您好。' }]);
    expect(splitAtValues('王秀英王秀英', { name: '王秀英', empty: ' ' }).map((p) => p.variable)).toEqual(['name', 'name']);
    expect(splitAtValues('在秀英社区', { name: '秀英', community: '秀英社区' }).map((p) => p.original)).toEqual(['在', '秀英社区']);
  });

  it('finds the static pieces of every bundled template text in the interpolated text', () => {
    const texts = [...new Set(BUNDLED_SCRIPTS.flatMap((script) => scriptTexts(script).map((t) => t.text)))];
    const withVariables = texts.filter((t) => t.includes('${'));
    expect(withVariables.length).toBeGreaterThan(3);
    for (const template of texts) {
      const pieces = splitAtValues(fillVariables(template, VARS), VARS);
      expect(pieces.filter((p) => p.variable === null).map((p) => p.text)).toEqual(staticPieces(template));
      expect(pieces.map((p) => p.original).join('')).toBe(fillVariables(template, VARS));
    }
  });

  it('pauses at a join by the marks around it', () => {
    expect(joinPauseMs('请问您是', '王秀英')).toBeLessThan(joinPauseMs('您好，这里是', '，给您'));
    expect(joinPauseMs('您好，这里是', '，给您')).toBeLessThan(joinPauseMs('王秀英', '。再见'));
  });

  it('keeps a pause after a text by its last mark', () => {
    expect(endPauseMs('请问您是')).toBe(0);
    expect(endPauseMs('您好，')).toBeGreaterThan(0);
    expect(endPauseMs('本人吗？')).toBeGreaterThan(endPauseMs('您好，'));
  });
});
