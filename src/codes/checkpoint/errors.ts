/** Checkpoint (gate check) errors: each code once, with HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../../kernel/errors.ts';

export const checkpointErrors = {
  CODE_CHECK_TOKEN_TOO_LONG: { status: 400, zh: '扫描内容过长，不是健康码', en: 'The scanned text is too long to be a health code' },
} satisfies ErrorCatalogue<string>;

export const checkpointFail = errorFactory(checkpointErrors);
