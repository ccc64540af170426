/** Colour status errors: each code once, with HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../../kernel/errors.ts';

export const colourErrors = {
  CODE_NOT_DECLARED: { status: 404, zh: '尚未申报，请先完成健康申报', en: 'No health code yet: submit a health declaration first' },
  CODE_PERSON_NOT_FOUND: { status: 404, zh: '找不到该人员', en: 'Person not found' },
} satisfies ErrorCatalogue<string>;

export const colourFail = errorFactory(colourErrors);
