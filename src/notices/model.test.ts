import { describe, expect, it } from 'vitest';
import { actionLinkFor, checkNotice, commonRegion, decodeListCursor, decodeResidentCursor, dingAllowed, encodeListCursor, encodeResidentCursor, excerpt, isActionLink, likeContains, normaliseRegions } from './model.ts';

describe('notice input', () => {
  it('trims, bounds the body at 2000 characters (not bytes) and takes only http(s) links', () => {
    expect(checkNotice({ title: ' 通知 ', body: ' 正文\r\n第二行 ', askConfirm: true })).toEqual({ title: '通知', body: '正文\n第二行', askConfirm: true, link: null, actionLink: null });
    expect(checkNotice({ title: 't', body: '字'.repeat(2000), askConfirm: false })).not.toHaveProperty('field');
    expect(checkNotice({ title: 't', body: '字'.repeat(2001), askConfirm: false })).toEqual({ field: 'body' });
    expect(checkNotice({ title: '  ', body: 'b', askConfirm: false })).toEqual({ field: 'title' });
    expect(checkNotice({ title: 't', body: 'b', askConfirm: false, link: 'javascript:alert(1)' })).toEqual({ field: 'link' });
    expect(checkNotice({ title: 't', body: 'b', askConfirm: false, link: 'https://example.org/a?b=1' })).toMatchObject({ link: 'https://example.org/a?b=1' });
  });

  it('takes as action link only a relative path of the resident app', () => {
    const orgId = '8a9e5b1c-1f2d-4e3a-9b8c-7d6e5f4a3b2c';
    expect(checkNotice({ title: 't', body: 'b', askConfirm: false, actionLink: ` /m/orgs/${orgId}/daily ` })).toMatchObject({ actionLink: `/m/orgs/${orgId}/daily` });
    expect(checkNotice({ title: 't', body: 'b', askConfirm: false, actionLink: '' })).toMatchObject({ actionLink: null });
    for (const bad of ['https://example.org/m/daily', '//example.org/m/', '/m//example.org', '/admin/notices', 'm/daily', '/m/../admin', '/m/a b', '/m/daily#x', 'javascript:alert(1)', `/m/${'a'.repeat(500)}`]) {
      expect(isActionLink(bad), bad).toBe(false);
      expect(checkNotice({ title: 't', body: 'b', askConfirm: false, actionLink: bad }), bad).toEqual({ field: 'actionLink' });
    }
    expect(isActionLink('/m/daily?x=1&y=%E4')).toBe(true);
  });

  it('adds (or replaces) the person an action link is followed for', () => {
    expect(actionLinkFor('/m/orgs/o1/daily', 'p1')).toBe('/m/orgs/o1/daily?personId=p1');
    expect(actionLinkFor('/m/daily?x=1&personId=other', 'p2')).toBe('/m/daily?x=1&personId=p2');
  });
});

describe('regions', () => {
  it('drops regions inside another chosen one', () => {
    expect(normaliseRegions(['330106004', '330106', '330102', '330102'])).toEqual(['330102', '330106']);
    expect(normaliseRegions(['330100', '330106004'])).toEqual(['330100']);
  });

  it('finds the smallest region containing all', () => {
    expect(commonRegion(['330106004'])).toBe('330106004');
    expect(commonRegion(['330106004', '330106002'])).toBe('330106');
    expect(commonRegion(['330106', '330102'])).toBe('330100');
    expect(commonRegion(['330106', '320102'])).toBe('000000');
  });
});

describe('DING interval, search, cursors', () => {
  it('allows a DING an hour after the last', () => {
    const last = new Date('2026-03-02T02:00:00Z');
    expect(dingAllowed(null, last)).toBe(true);
    expect(dingAllowed(last, new Date('2026-03-02T02:59:59Z'))).toBe(false);
    expect(dingAllowed(last, new Date('2026-03-02T03:00:00Z'))).toBe(true);
  });

  it('matches search terms literally', () => {
    expect(likeContains('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });

  it('round-trips cursors and refuses bad ones', () => {
    const at = new Date('2026-03-02T02:00:00.123Z');
    const id = '8a9e5b1c-1f2d-4e3a-9b8c-7d6e5f4a3b2c';
    expect(decodeListCursor(encodeListCursor(at, id))).toEqual({ at, id });
    expect(decodeResidentCursor(encodeResidentCursor(at, id, id))).toEqual({ at, id, personId: id });
    expect(decodeListCursor('bad')).toBeUndefined();
    expect(decodeResidentCursor(encodeListCursor(at, id))).toBeUndefined();
  });

  it('shortens excerpts by characters', () => {
    expect(excerpt('一二三四五', 3)).toBe('一二三…');
    expect(excerpt('a\n\nb')).toBe('a b');
  });
});
