import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { issueVenueToken, VENUE_TOKEN_CHARS } from '../../../src/venues/token.ts';
import { readScannedCode, VENUE_TOKEN, venueLinkBases } from './venue-link.ts';

const keyring = { currentKeyId: 'k', keys: new Map([['k', Buffer.alloc(32, 1)]]), indexKey: Buffer.alloc(32, 2) };
const poster = issueVenueToken(keyring, { venueId: randomUUID(), tokenVersion: 3 });
const screen = issueVenueToken(keyring, { venueId: randomUUID(), tokenVersion: 1, day: 2500 });
const bases = venueLinkBases('https://fangyi.hangzhou.gov.cn/v/', 'https://m.fangyi.example');

describe('readScannedCode', () => {
  it('knows the shape of every venue token the server issues', () => {
    expect(VENUE_TOKEN_CHARS).toBe(50);
    expect(poster).toMatch(VENUE_TOKEN);
    expect(screen).toMatch(VENUE_TOKEN);
  });

  it('takes a poster\'s and a daily screen\'s code of this installation, at its public URL or the app\'s own origin', () => {
    expect(readScannedCode(`https://fangyi.hangzhou.gov.cn/v/${poster}`, bases)).toEqual({ kind: 'venue', token: poster });
    expect(readScannedCode(` https://fangyi.hangzhou.gov.cn/v/${screen}\n`, bases)).toEqual({ kind: 'venue', token: screen });
    expect(readScannedCode(`https://m.fangyi.example/v/${poster}`, bases)).toEqual({ kind: 'venue', token: poster });
    expect(readScannedCode(`https://m.fangyi.example/m/v/${poster}?from=share`, bases)).toEqual({ kind: 'venue', token: poster });
  });

  it('takes a public URL with a path of its own', () => {
    const under = venueLinkBases('https://gov.example/fangyi/v/', 'https://gov.example');
    expect(readScannedCode(`https://gov.example/fangyi/v/${poster}`, under)).toEqual({ kind: 'venue', token: poster });
  });

  it('names a health code as such', () => {
    expect(readScannedCode('FY1:NCF4A0S.3Y9-KJ2', bases)).toEqual({ kind: 'health_code' });
    expect(readScannedCode('fy1:abc', bases)).toEqual({ kind: 'health_code' });
  });

  it('never treats another site\'s link as a venue code, even one shaped like it', () => {
    for (const text of [
      `https://evil.example/v/${poster}`,
      `http://fangyi.hangzhou.gov.cn/v/${poster}`, // another scheme is another origin
      `https://fangyi.hangzhou.gov.cn.evil.example/v/${poster}`,
      `https://user:pw@fangyi.hangzhou.gov.cn/v/${poster}`,
      'https://weixin.qq.com/r/abc',
    ]) expect(readScannedCode(text, bases), text).toEqual({ kind: 'link' });
  });

  it('says anything else is no venue code', () => {
    for (const text of [
      `https://fangyi.hangzhou.gov.cn/v/${poster.slice(1)}`,
      `https://fangyi.hangzhou.gov.cn/v/${poster}/extra`,
      'https://fangyi.hangzhou.gov.cn/m/code',
      poster,
      '6901234567892',
      'javascript:alert(1)',
      '',
    ]) expect(readScannedCode(text, bases).kind, text).toBe('other');
  });

  it('works from the app\'s own origin when the public URL is not known (offline)', () => {
    expect(venueLinkBases(null, 'http://127.0.0.1:8080')).toEqual(['http://127.0.0.1:8080/v/', 'http://127.0.0.1:8080/m/v/']);
  });
});
