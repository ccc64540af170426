import { errorFactory, type ErrorCatalogue } from '../../kernel/errors.ts';

export const signingKeyErrors = {
  SIGNING_KEY_NOT_FOUND: { status: 404, zh: '签名密钥不存在', en: 'Signing key not found' },
  SIGNING_KEY_RETIRED: { status: 409, zh: '签名密钥已停用，不能再用于签发', en: 'This signing key is retired and cannot sign any more' },
  SIGNING_KEY_NO_ACTIVE_KEY: { status: 409, zh: '该地区没有可用的签名密钥', en: 'This region has no active signing key' },
  SIGNING_KEY_REGION_NOT_TENANT: { status: 409, zh: '该地区尚未开通，不能创建签名密钥', en: 'Signing keys can only be created for an onboarded region' },
  SIGNING_ALGORITHM_UNSUPPORTED: { status: 400, zh: '不支持该签名算法（可选 Ed25519、ES256、SM2）', en: 'Unsupported signing algorithm (choose Ed25519, ES256 or SM2)' },
} satisfies ErrorCatalogue<string>;

export const signingKeyFail = errorFactory(signingKeyErrors);
