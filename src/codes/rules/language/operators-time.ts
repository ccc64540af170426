/**
 * Operators that read the evaluation time or the risk areas. Each records in env.boundaries the
 * instants at which its answer could change with time alone (see env.ts).
 */
import { DAY_MS } from '../../../kernel/time.ts';
import { regionCovers } from '../../../kernel/regions-scope.ts';
import { consecutiveNormalCheckins, shanghaiDayNumber, startOfDayNumber } from '../release.ts';
import type { Env } from './env.ts';
import type { OperatorSpec } from './operator-spec.ts';
import { asCodes, asDate, asList, readPath } from './values.ts';

function matchingAreas(env: Env, codes: string[], level: unknown) {
  return env.riskAreas.filter((area) => (level === undefined || area.level === level) && codes.some((code) => code.startsWith(area.prefix)));
}

export const timeOperators: Record<string, OperatorSpec> = {
  lastDays: {
    minArgs: 3,
    maxArgs: 3,
    literals: { 1: 'string', 2: 'number' },
    doc: '[list, "dateField", N]: the items whose date is within the last N days (N × 24 h before now, up to now)',
    build: ([list], [, field, days]) => {
      const steps = String(field).split('.');
      const span = Number(days) * DAY_MS;
      return (env) => {
        const out: object[] = [];
        for (const item of asList(list!(env), 'lastDays')) {
          const t = asDate(readPath(item, steps), 'lastDays').getTime();
          if (t <= env.at && t > env.at - span && typeof item === 'object' && item !== null) {
            out.push(item);
            const leaves = t + span;
            const known = env.expiries.get(item);
            env.expiries.set(item, known === undefined ? leaves : Math.min(known, leaves));
          }
        }
        return out;
      };
    },
  },
  within: {
    minArgs: 2,
    maxArgs: 2,
    literals: { 1: 'number' },
    doc: '[date, N]: the date is within the last N days',
    build: ([date], [, days]) => {
      const span = Number(days) * DAY_MS;
      return (env) => {
        const v = date!(env);
        if (v === null || v === undefined) return false;
        const t = asDate(v, 'within').getTime();
        if (t > env.at) { env.boundaries.push(t); return false; }
        if (t + span > env.at) { env.boundaries.push(t + span); return true; }
        return false;
      };
    },
  },
  current: {
    minArgs: 3,
    maxArgs: 3,
    literals: { 1: 'string', 2: 'string' },
    doc: '[list, "fromField", "untilField"]: the items in force now (from ≤ now < until)',
    build: ([list], [, fromField, untilField]) => {
      const from = String(fromField).split('.');
      const until = String(untilField).split('.');
      return (env) =>
        asList(list!(env), 'current').filter((item) => {
          const start = asDate(readPath(item, from), 'current').getTime();
          const end = asDate(readPath(item, until), 'current').getTime();
          if (start > env.at) { env.boundaries.push(start); return false; }
          if (end <= env.at) return false;
          env.boundaries.push(end);
          return true;
        });
    },
  },
  consecutiveNormalCheckins: {
    minArgs: 1,
    maxArgs: 1,
    doc: '[since]: consecutive normal daily check-ins after the day of `since` up to today',
    build: ([since]) => (env) => {
      const run = consecutiveNormalCheckins(env.checkins, asDate(since!(env), 'consecutiveNormalCheckins').getTime(), env.at);
      const today = shanghaiDayNumber(env.at);
      // today's missing check-in becomes a missed day at midnight
      if (run > 0 && !env.checkins.has(today)) env.boundaries.push(startOfDayNumber(today + 1));
      return run;
    },
  },
  inRiskArea: {
    minArgs: 1,
    maxArgs: 2,
    literals: { 1: 'level' },
    doc: '[code or codes, "high"|"medium"]: a risk area (of that level; any level if omitted) covers one of the codes',
    build: ([codes], [, level]) => (env) => matchingAreas(env, asCodes(codes!(env), 'inRiskArea'), level).length > 0,
  },
  riskAreaNames: {
    minArgs: 1,
    maxArgs: 2,
    literals: { 1: 'level' },
    doc: '[code or codes, level?]: names of the risk areas covering them, each once',
    build: ([codes], [, level]) => (env) => [...new Set(matchingAreas(env, asCodes(codes!(env), 'riskAreaNames'), level).map((a) => a.name))],
  },
  regionCovers: {
    minArgs: 2,
    maxArgs: 2,
    doc: '[scope code, code]: GB/T 2260 coverage (330100 covers 330106 and 330106001)',
    build: ([scope, code]) => (env) => regionCovers(String(scope!(env)), String(code!(env))),
  },
};
