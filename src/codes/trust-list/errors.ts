import { errorFactory, type ErrorCatalogue } from '../../kernel/errors.ts';

export const trustListErrors = {
  TRUST_LIST_INVALID: { status: 400, zh: '信任列表格式不正确', en: 'The trust list is not valid' },
  TRUST_LIST_SIGNATURE_INVALID: { status: 400, zh: '信任列表签名无效，可能被篡改', en: 'The trust list signature is invalid; it may have been altered' },
  TRUST_LIST_KEY_CHANGED: {
    status: 409, zh: '信任列表的签名密钥与首次导入时不同；核实指纹后可用 --replace-key 接受新密钥',
    en: 'The trust list is signed by another key than at first import; check the fingerprint, then accept it with --replace-key',
  },
  TRUST_LIST_EXPIRED: { status: 400, zh: '信任列表已过期，请获取最新版本', en: 'The trust list has expired; fetch a current one' },
  TRUST_LIST_OUTDATED: { status: 409, zh: '信任列表比已导入的版本更旧', en: 'The trust list is older than the one already imported' },
  TRUST_LIST_CLAIMS_LOCAL_REGION: { status: 409, zh: '信任列表包含本系统自己签发的地区，拒绝导入', en: 'The trust list names a region this installation issues codes for; refused' },
  TRUST_LIST_SOURCE_UNREADABLE: { status: 400, zh: '无法读取信任列表（文件或网址）', en: 'The trust list could not be read from that file or URL' },
  TOKEN_REVOCATION_INVALID: { status: 400, zh: '撤销请求不正确：需要地区、码编号、到期时间和原因', en: 'Revocation needs a region, a token id, an expiry and a reason' },
} satisfies ErrorCatalogue<string>;

export const trustListFail = errorFactory(trustListErrors);
