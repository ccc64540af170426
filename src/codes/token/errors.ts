import { errorFactory, type ErrorCatalogue } from '../../kernel/errors.ts';

export const tokenErrors = {
  TOKEN_CLAIMS_INVALID: { status: 400, zh: '健康码内容不符合要求，无法签发', en: 'These claims cannot be put into a health code' },
  TOKEN_REGION_INVALID: { status: 400, zh: '签发地区代码无效', en: 'The issuing region code is not valid' },
} satisfies ErrorCatalogue<string>;

export const tokenFail = errorFactory(tokenErrors);
