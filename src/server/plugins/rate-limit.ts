/**
 * Rate limits on the routes that ask for them (sign-in, code sending), counted in PostgreSQL so
 * that every server process shares the same counters. Routes opt in with `config.rateLimit`.
 */
import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import { incrementRateCounter } from '../../accounts/store.ts';
import type { Db } from '../../db/connection.ts';
import { AppError, kernelErrors } from '../../kernel/errors.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

function postgresStore(db: Db) {
  return class PostgresRateLimitStore {
    private readonly scope: string;
    constructor(options: { routeInfo?: { method?: string; url?: string } } = {}) {
      this.scope = options.routeInfo ? `${options.routeInfo.method ?? ''} ${options.routeInfo.url ?? ''}` : 'global';
    }
    incr(key: string, callback: Callback, timeWindow: number): void {
      const bucket = `${this.scope}|${key}`;
      incrementRateCounter(db, bucket, timeWindow)
        .then(({ hits, resetsAt }) => ({ current: hits, ttl: Math.max(0, resetsAt.getTime() - Date.now()) }))
        .then((result) => callback(null, result), (error: Error) => callback(error));
    }
    read(_key: string, callback: Callback): void {
      callback(null, { current: 0, ttl: 0 });
    }
    child(routeOptions: { routeInfo?: { method?: string; url?: string } }) {
      return new PostgresRateLimitStore(routeOptions);
    }
  };
}

export default fp(async (app) => {
  await app.register(rateLimit, {
    global: false,
    store: postgresStore(app.platform.db) as never,
    skipOnError: false,
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', kernelErrors.RATE_LIMITED, { retryAfterSeconds: Math.ceil(context.ttl / 1000) }),
  });
}, { name: 'fangyi-rate-limit', dependencies: ['fangyi-errors'] });
