import { errorFactory, type ErrorCatalogue } from '../kernel/errors.ts';

export const regionErrors = {
  REGION_NOT_FOUND: { status: 404, zh: '行政区划代码不存在', en: 'No region has this code' },
  REGION_ALREADY_ONBOARDED: { status: 409, zh: '该地区已开通', en: 'This region is already onboarded' },
  REGION_NOT_ONBOARDABLE: { status: 400, zh: '只能为地级市（含直辖市）开通平台', en: 'Only cities (prefecture level, or a municipality) can be onboarded' },
} satisfies ErrorCatalogue<string>;

export const regionFail = errorFactory(regionErrors);
