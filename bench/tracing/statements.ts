/**
 * Where a trace's time goes: the bench's Kysely logs every query's duration, summed by the step of
 * traceCase it belongs to, so the figures say how much of a case is the venue search, the
 * monitoring plans, the colours… And BENCH_EXPLAIN=1's connection: auto_explain loaded in the
 * session, its plans sent back as notices and printed.
 */
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Db } from '../../src/db/connection.ts';
import type { Database } from '../../src/db/schema.ts';

/**
 * traceCase's statements come in a fixed order: the case and its old links (setup), one venue and
 * one home statement per depth, the contact summaries and the case row, the close contacts'
 * monitoring plans, then (after the commit) the audit row and the colours. A statement is put in
 * the step it belongs to by watching for the first statement of each step.
 */
type Phase = 'setup' | 'search' | 'contacts' | 'plans' | 'colours';
const PHASE_STEP: Record<Phase, string> = { setup: 'setup', search: 'search_other', contacts: 'case_contacts', plans: 'monitoring_plans', colours: 'colours' };

export class StatementTimes {
  private readonly ms = new Map<string, number>();
  private readonly calls = new Map<string, number>();
  private readonly caseMs = new Map<string, number>();
  private readonly caseCalls = new Map<string, number>();
  private phase: Phase = 'setup';
  private active = false;
  private sum = 0;

  /** A trace begins: the next statements are its setup. */
  startCase(): void {
    this.phase = 'setup';
    this.active = true;
    this.caseMs.clear();
    this.caseCalls.clear();
  }

  /** The trace (and its colours) ended: counted in the summary when `keep` (a measured case that succeeded); later statements are not the trace's. */
  endCase(keep: boolean): void {
    this.active = false;
    if (!keep) return;
    for (const [step, ms] of this.caseMs) this.ms.set(step, (this.ms.get(step) ?? 0) + ms);
    for (const [step, n] of this.caseCalls) this.calls.set(step, (this.calls.get(step) ?? 0) + n);
  }

  /** SQL milliseconds of every statement seen while a case was open (to take differences). */
  total(): number { return this.sum; }

  add(text: string, ms: number): void {
    if (!this.active) return;
    let step: string;
    if (/insert into contact_links/.test(text)) {
      this.phase = 'search';
      step = /household_members/.test(text) ? 'home_links' : 'venue_links';
    } else if (/insert into case_contacts/.test(text)) {
      this.phase = 'contacts';
      step = 'case_contacts';
    } else if (this.phase === 'contacts' && /monitoring_/.test(text)) {
      this.phase = 'plans';
      step = 'monitoring_plans';
    } else if ((this.phase === 'contacts' || this.phase === 'plans') && /audit_log/.test(text)) {
      this.phase = 'colours';
      step = 'audit';
    } else {
      step = PHASE_STEP[this.phase];
    }
    this.sum += ms;
    this.caseMs.set(step, (this.caseMs.get(step) ?? 0) + ms);
    this.caseCalls.set(step, (this.caseCalls.get(step) ?? 0) + 1);
  }

  /** Per step: milliseconds and statements, each divided by `per` (the cases kept). */
  summary(per: number): Record<string, { ms: number; statements: number }> {
    const round = (x: number) => Math.round((x / Math.max(1, per)) * 10) / 10;
    return Object.fromEntries([...this.ms].sort((a, b) => b[1] - a[1]).map(([step, ms]) => [step, { ms: round(ms), statements: round(this.calls.get(step) ?? 0) }]));
  }
}

/** A Kysely like src/db/connection.ts createDb's, whose queries' durations go to `times`. */
export function timedDb(url: string, times: StatementTimes, poolSize = 10): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 30_000 });
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()],
    log: (event) => { if (event.level === 'query') times.add(event.query.sql, event.queryDurationMillis); },
  });
  return { db, pool };
}

/** One connection with auto_explain: every statement slower than `minMs` has its analysed plan printed. */
export function explainingDb(url: string, minMs: number, print: (plan: string) => void): Db {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('notice', (notice) => { if (notice.message?.includes('Query Text')) print(notice.message); });
    void client.query(`load 'auto_explain'; set auto_explain.log_min_duration = ${Math.round(minMs)}; set auto_explain.log_analyze = on;
      set auto_explain.log_buffers = on; set auto_explain.log_nested_statements = on; set client_min_messages = log`).catch((e: Error) => print(`auto_explain unavailable: ${e.message}`));
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
}
