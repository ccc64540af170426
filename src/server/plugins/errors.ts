/**
 * One error envelope for every failure: `{ code, zh, en, details?, requestId }`, with a stable
 * code from a capability's catalogue. Unknown errors are logged and become INTERNAL without
 * leaking their text.
 */
import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, kernelErrors, type ErrorDefinition } from '../../kernel/errors.ts';

export interface ErrorBody {
  code: string;
  zh: string;
  en: string;
  details?: unknown;
  requestId: string;
}

function send(reply: FastifyReply, request: FastifyRequest, code: string, def: ErrorDefinition, details?: unknown) {
  const body: ErrorBody = { code, zh: def.zh, en: def.en, requestId: String(request.id) };
  if (details !== undefined) body.details = details;
  return reply.status(def.status).type('application/json; charset=utf-8').send(body);
}

const fastifyCodes: Record<string, keyof typeof kernelErrors> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_BODY',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

export default fp(async (app) => {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) return send(reply, request, error.code, error, error.details);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({ path: v.instancePath, message: v.message }));
      return send(reply, request, 'VALIDATION_FAILED', kernelErrors.VALIDATION_FAILED, { in: error.validationContext, issues });
    }
    const mapped = error.code ? fastifyCodes[error.code] : undefined;
    if (mapped) return send(reply, request, mapped, kernelErrors[mapped]);
    if (error instanceof SyntaxError || (error.statusCode === 400)) return send(reply, request, 'MALFORMED_BODY', kernelErrors.MALFORMED_BODY);
    if (error.statusCode === 429) return send(reply, request, 'RATE_LIMITED', kernelErrors.RATE_LIMITED);
    if (error.statusCode === 415) return send(reply, request, 'UNSUPPORTED_MEDIA_TYPE', kernelErrors.UNSUPPORTED_MEDIA_TYPE);
    if (error.statusCode === 413) return send(reply, request, 'BODY_TOO_LARGE', kernelErrors.BODY_TOO_LARGE);
    const dbDown = ['ECONNREFUSED', '57P01', '57P03', '08006', '08001'].includes(String((error as { code?: string }).code));
    if (dbDown) return send(reply, request, 'DATABASE_UNAVAILABLE', kernelErrors.DATABASE_UNAVAILABLE);
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, request, 'INTERNAL', kernelErrors.INTERNAL);
  });

  app.setNotFoundHandler((request, reply) => send(reply, request, 'NOT_FOUND', kernelErrors.NOT_FOUND));
}, { name: 'fangyi-errors' });
