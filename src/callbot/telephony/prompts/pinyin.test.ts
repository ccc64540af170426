import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fillVariables, scriptTexts } from '../../dialogue/variables.ts';
import { KEYPAD_INSTRUCTIONS } from '../../nlu/keypad.ts';
import { BUNDLED_SCRIPTS } from '../../scripts/templates/index.ts';
import { syllableCount, toEspeakPinyin } from './pinyin.ts';
import { toSpeakableChinese } from './speakable.ts';
import { ESPEAK_VOICE } from './synthesise.ts';
import { TTS_TOOLS_MISSING, ttsToolsAvailable } from './test-tools.ts';

const VARS = { name: '王秀英', community: '幸福里社区' };
const TEMPLATE_TEXTS = [...new Set(BUNDLED_SCRIPTS.flatMap((script) => scriptTexts(script).map((t) => fillVariables(t.text, VARS))))];
/** What the keypad conventions add to questions (issue 9), and the same written with symbols. */
const KEYPAD_TEXTS = [...new Set(Object.values(KEYPAD_INSTRUCTIONS)), '请输入体温，如365，以#号结束。', '重听请按*号键。'];

/** The syllables of `word` inside the pinyin of `text` (word = the Chinese characters to look at). */
function syllablesOf(text: string, word: string): string {
  const start = text.indexOf(word);
  const before = toEspeakPinyin(text.slice(0, start)).split(' ').filter(Boolean).length;
  return toEspeakPinyin(text).replace(/[,.?!]/g, '').split(' ').slice(before, before + [...word].length).join(' ');
}

describe('toEspeakPinyin', () => {
  it('gives syllables with tone numbers 1-5 and ASCII clause marks', () => {
    expect(toEspeakPinyin('您好，这里是幸福里社区。')).toBe('nin2 hao3, zhe4 li3 shi4 xing4 fu2 li3 she4 qu1.');
    expect(toEspeakPinyin('能听到我说话吗？')).toBe('neng2 ting1 dao4 wo3 shuo1 hua4 ma5?');
  });

  it('writes the neutral tone as 5 and ü as v', () => {
    expect(toEspeakPinyin('好的')).toBe('hao3 de5');
    expect(toEspeakPinyin('绿色')).toBe('lv4 se4');
  });

  it.each([
    // polyphones in the prompts of the bundled templates
    ['请问您今天量的体温是多少度？', '量', 'liang2'],
    ['请您尽量不要出门。', '尽量', 'jin3 liang4'],
    ['今天有没有咳嗽？', '咳嗽', 'ke2 sou5'],
    ['有没有拉肚子？', '肚子', 'du4 zi5'],
    ['有没有觉得浑身没劲、乏力？', '觉得', 'jue2 de5'],
    ['最近有没有发烧？', '发烧', 'fa1 shao1'],
    ['好的，您的情况都正常。', '都', 'dou1'],
    ['社区工作人员会尽快联系您。', '会', 'hui4'],
    ['没出过本地的话，说“没有”就行。', '就行', 'jiu4 xing2'],
    ['好的，已经记下了。', '了', 'le5'],
    ['稍后工作人员会再和您核实一下。', '和您核实', 'he2 nin2 he2 shi2'],
    ['您所在的单位已经可以复工了。', '单位', 'dan1 wei4'],
    ['喂，您好，能听到我说话吗？', '喂', 'wei2'],
    // polyphones elsewhere
    ['还没量', '还没量', 'hai2 mei2 liang2'],
    ['银行行长', '银行行长', 'yin2 hang2 hang2 zhang3'],
    ['长大了', '长大', 'zhang3 da4'],
    ['重新测量很重要', '重新', 'chong2 xin1'],
    ['重新测量很重要', '重要', 'zhong4 yao4'],
    ['头发都长了', '长', 'chang2'],
    // 一 and 不 change tone before another syllable, but not in digits
    ['有一个复工通知', '一个', 'yi2 ge4'],
    ['不要外出', '不要', 'bu2 yao4'],
    ['体温37.1度', '一', 'yi1'],
    ['如365', '三六五', 'san1 liu4 wu3'],
  ])('%s: %s → %s', (text, word, expected) => {
    const speakable = text.replace('37.1', '三十七点一').replace('365', '三六五');
    expect(syllablesOf(speakable, word)).toBe(expected);
  });

  it('reads surnames the surname way when told the text is a name', () => {
    expect(toEspeakPinyin('单田芳', { personName: true })).toBe('shan4 tian2 fang1');
    expect(toEspeakPinyin('曾小贤', { personName: true })).toBe('zeng1 xiao3 xian2');
    expect(toEspeakPinyin('单位')).toBe('dan1 wei4');
  });

  it('reads digits and keys the Chinese way', () => {
    expect(toEspeakPinyin('请输入体温，如365，以#号结束')).toBe('qing3 shu1 ru4 ti3 wen1, ru2 san1 liu4 wu3, yi3 jing3 hao4 jie2 shu4');
  });

  it('spells Latin letters, drops quotes and keeps the strongest of adjacent marks', () => {
    expect(toEspeakPinyin('做CT检查')).toBe('zuo4 c t jian3 cha2');
    expect(toEspeakPinyin('请说“是”。')).toBe('qing3 shuo1 shi4.');
    expect(toEspeakPinyin('是吗？”。')).toBe('shi4 ma5?');
    expect(toEspeakPinyin('，。')).toBe('');
  });

  it.each([...TEMPLATE_TEXTS, ...KEYPAD_TEXTS])('template prompt has only well-formed syllables: %s', (text) => {
    const input = toEspeakPinyin(text);
    for (const token of input.split(' ')) expect(token).toMatch(/^[a-z]+[1-5][,.?!]?$/);
    // One syllable for each character said (digits and # become characters first).
    expect(syllableCount(input)).toBe(toSpeakableChinese(text).replace(/[^\u4e00-\u9fff]/g, '').length);
  });
});

const tools = ttsToolsAvailable();

describe.skipIf(!tools)(`espeak-ng ${ESPEAK_VOICE} reads the pinyin as Mandarin (${tools ? 'installed' : TTS_TOOLS_MISSING})`, () => {
  it.each([...TEMPLATE_TEXTS, ...KEYPAD_TEXTS])('%s', (text) => {
    const input = toEspeakPinyin(text);
    const run = spawnSync('espeak-ng', ['-v', ESPEAK_VOICE, '-q', '-x', '--stdin'], { input, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const phonemes = run.stdout;
    // A switch to English ("(en)") would mean a syllable was read as an English word or letters.
    expect(phonemes).not.toContain('(en)');
    // Each Mandarin syllable carries one tone contour (35, 214, 51, 55, 11, …).
    expect(phonemes.match(/\d+/g)?.length).toBe(syllableCount(input));
  });

  it('the default cmn voice would read pinyin as English (why it is not used)', () => {
    const run = spawnSync('espeak-ng', ['-v', 'cmn', '-q', '-x', '--stdin'], { input: 'ni3 hao3', encoding: 'utf8' });
    expect(run.stdout).toContain('(en)');
  });
});
