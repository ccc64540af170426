import { describe, expect, it } from 'vitest';
import { classifyAnnouncement, fuzzySubstringDistance } from './announcement.ts';

describe('classifyAnnouncement', () => {
  it.each([
    ['您拨打的电话已关机', 'powered_off'],
    ['您拨打的电话已停机', 'suspended'],
    ['您拨打的号码是空号，请查证后再拨', 'empty_number'],
    ['您拨打的号码不存在', 'empty_number'],
    ['您拨打的电话正在通话中，请稍后再拨', 'busy'],
    ['您拨打的用户正忙，请稍后再拨', 'busy'],
    ['您拨打的电话暂时无法接通，请稍后再拨', 'unreachable'],
    ['您拨打的用户不在服务区', 'unreachable'],
    ['喂，你好', 'unknown'],
    ['', 'unknown'],
  ] as const)('%s → %s', (text, kind) => {
    expect(classifyAnnouncement(text)).toBe(kind);
  });

  it.each([
    ['您 拨 打 的 电 话 已 关 机 。', 'powered_off'], // a recogniser that spaces its characters
    ['您撥打的電話已關機', 'powered_off'], // traditional characters
    ['您拨打的电话已观机', 'powered_off'], // homophone of 关
    ['您拨打的电话已听机', 'suspended'], // homophone of 停
    ['您拨打的号码是控号', 'empty_number'],
    ['拨打的电话暂时无发接通', 'unreachable'], // one wrong character in a long phrase
    ['电话暂时无法通', 'unreachable'], // one character dropped, start of the sentence cut off
    ['正在通化中', 'busy'],
    ['ＳＯＲＲＹ您拨打的电话已停機', 'suspended'], // full-width letters, mixed scripts
  ] as const)('tolerates recogniser errors: %s → %s', (text, kind) => {
    expect(classifyAnnouncement(text)).toBe(kind);
  });

  it('does not mistake one outcome for its neighbour', () => {
    // 已关机 and 已停机 differ in one character: each must win on its own exact words.
    expect(classifyAnnouncement('已停机')).toBe('suspended');
    expect(classifyAnnouncement('已关机')).toBe('powered_off');
    // "请稍后再拨" is said after busy and unreachable alike; alone it proves nothing.
    expect(classifyAnnouncement('请稍后再拨')).toBe('unknown');
  });

  it.each([
    ['The number you dialed is switched off', 'powered_off'],
    ['Sorry, the subscriber you dialed has been suspended.', 'suspended'],
    ['The number you dialed does not exist', 'empty_number'],
    ['The subscriber you dialed is busy now, please redial later', 'busy'],
    ['The subscriber you dialed cannot be connected for the moment', 'unreachable'],
    ['The number you dialed is out of service area', 'unreachable'],
    ['Hello?', 'unknown'],
  ] as const)('English: %s → %s', (text, kind) => {
    expect(classifyAnnouncement(text)).toBe(kind);
  });
});

describe('fuzzySubstringDistance', () => {
  it('counts the edits to the closest substring', () => {
    expect(fuzzySubstringDistance('无法接通', '暂时无法接通请稍后')).toBe(0);
    expect(fuzzySubstringDistance('无法接通', '暂时无发接通')).toBe(1);
    expect(fuzzySubstringDistance('无法接通', '无法通')).toBe(1);
    expect(fuzzySubstringDistance('无法接通', '无法来接通')).toBe(1);
    expect(fuzzySubstringDistance('无法接通', '你好')).toBe(4);
    expect(fuzzySubstringDistance('ab', '')).toBe(2);
  });
});
