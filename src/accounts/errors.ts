import { errorFactory, type ErrorCatalogue } from '../kernel/errors.ts';

export const accountErrors = {
  AUTH_INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  AUTH_ACCOUNT_LOCKED: { status: 423, zh: '登录失败次数过多，账号已暂时锁定，请稍后再试', en: 'Too many failed sign-ins; the account is locked for a while' },
  AUTH_ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'This account is disabled' },
  AUTH_OTP_REQUIRED: { status: 401, zh: '请输入短信验证码', en: 'Enter the code sent by SMS' },
  AUTH_OTP_INVALID: { status: 401, zh: '验证码错误或已过期', en: 'The code is wrong or has expired' },
  AUTH_OTP_TOO_MANY_ATTEMPTS: { status: 429, zh: '验证码错误次数过多，请重新获取', en: 'Too many wrong codes; request a new one' },
  AUTH_OTP_RESEND_TOO_SOON: { status: 429, zh: '验证码已发送，请稍后再获取', en: 'A code was just sent; wait before requesting another' },
  AUTH_OTP_DAILY_LIMIT: { status: 429, zh: '今日获取验证码次数已达上限', en: 'Too many codes requested for this number today' },
  ACCOUNT_USERNAME_TAKEN: { status: 409, zh: '用户名已被使用', en: 'This username is taken' },
  ACCOUNT_NOT_FOUND: { status: 404, zh: '账号不存在', en: 'Account not found' },
  ACCOUNT_WEAK_PASSWORD: { status: 400, zh: '密码至少 10 位，且须包含字母和数字', en: 'Passwords need at least 10 characters with letters and digits' },
} satisfies ErrorCatalogue<string>;

export const accountFail = errorFactory(accountErrors);
