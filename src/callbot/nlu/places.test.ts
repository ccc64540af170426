import { describe, expect, it } from 'vitest';
import { findPlaces, placeCodes, placeNameVariants, placeRisk } from './places.ts';
import { understand } from './understand.ts';

const travel = (text: string, riskRegionCodes: string[] = ['420000']) => understand('travel', text, { riskRegionCodes }).slots.travel;

describe('place names', () => {
  it('names divisions with and without their suffix', () => {
    expect(placeNameVariants('湖北省')).toEqual(['湖北省', '湖北']);
    expect(placeNameVariants('恩施土家族苗族自治州')).toEqual(['恩施土家族苗族自治州', '恩施']);
    expect(placeNameVariants('长阳土家族自治县')).toEqual(['长阳土家族自治县', '长阳']);
    expect(placeNameVariants('神农架林区')).toEqual(['神农架林区', '神农架']);
    expect(placeNameVariants('新疆维吾尔自治区')).toEqual(['新疆维吾尔自治区', '新疆']);
    expect(placeNameVariants('房县')).toEqual(['房县']); // one-character short names are left out
    expect(placeNameVariants('公安县')).toEqual(['公安县']); // 公安 is an everyday word
  });

  it('indexes provinces, cities and counties with their codes', () => {
    expect(placeCodes('武汉')).toEqual(['420100']);
    expect(placeCodes('仙桃')).toEqual(['429004']);
    expect(placeCodes('江夏区')).toEqual(['420115']);
    expect(placeCodes('杭州')).toEqual(['330100']);
    expect(placeCodes('湖北')).toEqual(['420000']);
    expect(placeCodes('汉口')).toEqual(['420100']);
    expect(placeCodes('沙')).toEqual([]);
  });

  it('finds the longest name at each position', () => {
    expect(findPlaces('去过黄冈市黄州区').map((p) => p.name)).toEqual(['黄冈市', '黄州区']);
    expect(findPlaces('湖北宜昌').map((p) => p.name)).toEqual(['湖北', '宜昌']);
    expect(findPlaces('没有,一直在家')).toEqual([]);
  });

  it('decides risk by GB/T 2260 prefix: inside, outside, or partly (a province holding a risk city)', () => {
    const [wuhan] = findPlaces('武汉');
    const [hubei] = findPlaces('湖北');
    expect(placeRisk(wuhan!, ['420000'])).toBe('risk');
    expect(placeRisk(wuhan!, ['420100'])).toBe('risk');
    expect(placeRisk(wuhan!, ['330000'])).toBe('safe');
    expect(placeRisk(hubei!, ['420100'])).toBe('ambiguous');
  });
});

describe('travel answers against the risk areas', () => {
  it('counts a place inside a risk province, by city or county, with or without suffix', () => {
    for (const text of ['去过荆州', '我从武汉回来的', '去过仙桃', '在江夏区待过几天', '去了趟神农架', '去过长阳', '从恩施州回来', '去過武漢', '湖北宜昌', '开车路过孝感']) {
      expect(travel(text), text).toBe('yes');
    }
  });

  it('answers no for places outside the risk areas, negated travel and staying put', () => {
    for (const text of ['去过上海', '刚从温州回来', '没去过湖北', '武汉没去过', '一直在本地', '哪也没去', '我老家是湖北的,过年没回去', '没去过武汉,就去了趟南京']) {
      expect(travel(text), text).toBe('no');
    }
  });

  it('follows the context: the same place is risk travel only where the risk is', () => {
    expect(travel('刚从温州回来', ['330300'])).toBe('yes');
    expect(travel('去过荆州', ['330300'])).toBe('no');
    expect(travel('去过杭州西湖区', ['330106'])).toBe('yes'); // 西湖区 also names a district of 南昌
    expect(travel('去过南昌西湖区', ['330106'])).toBe('no');
    expect(travel('去过湖北', ['420100'])).toBe('unsure');
  });

  it('does not take someone else\'s trip for the callee\'s', () => {
    expect(understand('contact', '和武汉回来的人一起吃过饭', { riskRegionCodes: ['420000'] }).slots).toEqual({ contact: 'yes' });
  });

  it('keeps travel out of other questions unless a risk place comes with a travel verb', () => {
    expect(understand('in_town', '还在武汉', { riskRegionCodes: ['420000'] }).slots).toEqual({ in_town: 'no' });
    expect(understand('fever', '没发烧,刚从武汉回来', { riskRegionCodes: ['420000'] }).slots).toEqual({ fever: 'no', travel: 'yes' });
    expect(understand('contact', '没有接触,也没去过武汉', { riskRegionCodes: ['420000'] }).slots).toEqual({ contact: 'no', travel: 'no' });
  });
});
