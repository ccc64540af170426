/** District map (区县地图) errors. Each code once, with HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../../kernel/errors.ts';

export const mapErrors = {
  ANALYTICS_MAP_INVALID: {
    status: 400,
    zh: '区县地图无效：须为 GeoJSON 要素集合，每个区县一个面要素，properties 中带本市区县代码（code 或 adcode），坐标为闭合的经纬度环',
    en: 'Invalid district map: a GeoJSON FeatureCollection with one polygon feature per district, its code (code or adcode) in properties, closed rings of longitude/latitude',
  },
  ANALYTICS_MAP_REGION_NOT_CITY: { status: 400, zh: '区县地图按已开通的城市上传', en: 'District maps are loaded for an onboarded city' },
} satisfies ErrorCatalogue<string>;

export const mapFail = errorFactory(mapErrors);
