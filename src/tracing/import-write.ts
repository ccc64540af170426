/**
 * Writing planned case rows (import-plan.ts): each row whole or not at all — its new person, its
 * case with the 'imported' or 'registered' event and the colour fact (insertNewCase, cases.ts),
 * or the update of the imported case it names ('classified' and 'window_changed' events, as the
 * registry writes them; nothing when nothing changed, so a resend is idempotent). Rows go in
 * chunks of one transaction each; a chunk that fails (someone registered the same person or case
 * meanwhile) is retried row by row so the other rows still go in. After each chunk the written
 * persons' colours are recomputed in one batch, and tracing is woken once at the end (it traces
 * every case marked for it).
 */
import { noteFactsChanged } from '../codes/colours/outbox/service.ts';
import { recomputeColours } from '../codes/colours/service.ts';
import { inTransaction } from '../db/transaction.ts';
import type { Actor } from '../kernel/access.ts';
import { AppError } from '../kernel/errors.ts';
import type { Progress } from '../kernel/progress.ts';
import { regionCovers } from '../kernel/regions-scope.ts';
import { registerPeopleBulk } from '../people/service.ts';
import { insertNewCase } from './cases.ts';
import type { RowFailure, PlannedRow } from './import-plan.ts';
import { wakeTracing } from './jobs.ts';
import { checkReclassification, isInfected, needsTracing, OPEN } from './model/case.ts';
import { caseChanges, type CaseRowField, type CaseRowProblem } from './model/case-row.ts';
import { findOpenCaseOfPerson, insertCaseEvent, lockImportedCase, updateCase } from './store.ts';
import type { TracingDeps } from './trace.ts';

const WRITE_CHUNK = 200;

export type WriteStatus = 'created' | 'updated' | 'unchanged';

export interface WrittenRow {
  position: number;
  caseId: string;
  personId: string;
  status: WriteStatus;
  traceRequested: boolean;
}

/** A row refused while writing (the database changed since the plan): rolls its transaction back. */
class RowRefused extends Error {
  readonly problem: CaseRowProblem;

  constructor(problem: CaseRowProblem) {
    super(problem.code);
    this.problem = problem;
  }
}

const refuse = (field: CaseRowField, code: CaseRowProblem['code']) => new RowRefused({ field, code });

async function updateImportedCase(trx: Parameters<typeof lockImportedCase>[0], deps: TracingDeps, actor: Actor, scope: string, row: PlannedRow, personId: string): Promise<WrittenRow | undefined> {
  const { fields, externalRef } = row.checked;
  const c = await lockImportedCase(trx, fields.issuingRegionCode!, externalRef!);
  if (!c) return undefined;
  if (c.personId !== personId) throw refuse('idNumber', 'case_other_person');
  if (!regionCovers(scope, c.regionCode)) throw refuse('externalRef', 'case_other_region');
  const changes = caseChanges(c, fields);
  const result = { position: row.position, caseId: c.id, personId };
  if (!changes.classification && !changes.window) return { ...result, status: 'unchanged', traceRequested: false };
  if (changes.classification) {
    if (!checkReclassification(c.classification, fields.classification).ok) throw refuse('classification', 'classification_final');
    const open = OPEN.includes(fields.classification) ? await findOpenCaseOfPerson(trx, personId, OPEN) : undefined;
    if (open && open.id !== c.id) throw refuse('idNumber', 'open_case_exists');
  }
  const now = deps.clock.now();
  const withdraws = changes.classification && c.tracedAt !== null && isInfected(c.classification) && !isInfected(fields.classification);
  const traced = needsTracing(c.classification, fields.classification, changes.window) || withdraws;
  const next = { classification: fields.classification, onsetOn: fields.onsetOn, onsetApproximate: fields.onsetApproximate, testedPositiveOn: fields.testedPositiveOn, isolatedAt: fields.isolatedAt };
  await updateCase(trx, c.id, { ...next, updatedAt: now, traceRequestedAt: traced ? now : c.traceRequestedAt });
  const by = { actorAccountId: actor.accountId, actorLabel: actor.label };
  if (changes.classification) {
    await insertCaseEvent(trx, { caseId: c.id, at: now, kind: 'classified', fromClassification: c.classification, toClassification: fields.classification, ...by, detail: { via: 'import', issuingRegionCode: c.issuingRegionCode } });
    await noteFactsChanged(trx, [personId], 'case', c.id, now);
  }
  if (changes.window) {
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    await insertCaseEvent(trx, {
      caseId: c.id, at: now, kind: 'window_changed', fromClassification: null, toClassification: null, ...by,
      detail: { via: 'import', before: { onsetOn: c.onsetOn, testedPositiveOn: c.testedPositiveOn, isolatedAt: iso(c.isolatedAt) }, after: { onsetOn: next.onsetOn, testedPositiveOn: next.testedPositiveOn, isolatedAt: iso(next.isolatedAt) } },
    });
  }
  return { ...result, status: 'updated', traceRequested: traced };
}

async function writeChunk(deps: TracingDeps, actor: Actor, scope: string, rows: readonly PlannedRow[]): Promise<WrittenRow[]> {
  return inTransaction(deps.db, async (trx) => {
    const creates = rows.filter((r) => !r.personId);
    const ids = await registerPeopleBulk({ db: trx, keyring: deps.keyring, clock: deps.clock }, creates.map(({ checked: { person } }) => ({
      idType: person.idType, idNumber: person.idNumber, name: person.name, phone: person.phone, homeRegionCode: person.homeRegionCode!,
    })));
    const created = new Map(creates.map((r, i) => [r.position, ids[i]!]));
    const written: WrittenRow[] = [];
    for (const row of rows) {
      const personId = row.personId ?? created.get(row.position)!;
      const updated = row.checked.externalRef ? await updateImportedCase(trx, deps, actor, scope, row, personId) : undefined;
      if (updated) { written.push(updated); continue; }
      const c = await insertNewCase(trx, deps, actor, { personId, regionCode: row.regionCode, fields: row.checked.fields, externalRef: row.checked.externalRef });
      written.push({ position: row.position, caseId: c.id, personId, status: 'created', traceRequested: c.traceRequestedAt !== null });
    }
    return written;
  });
}

function failureOf(error: unknown): RowFailure {
  if (error instanceof RowRefused) return error.problem;
  if (error instanceof AppError && error.code === 'TRACING_CASE_EXISTS') return { field: 'idNumber', code: 'open_case_exists' };
  if (error instanceof AppError) {
    const field: CaseRowField = error.code.startsWith('PERSON_') ? 'idNumber' : 'classification';
    return { field, code: 'write_failed', message: { zh: `写入失败：${error.zh}`, en: `Could not be written: ${error.en}` } };
  }
  return { field: 'idNumber', code: 'write_failed' };
}

/**
 * Writes the planned rows as `actor` for the importing region `scope`; answers what each row
 * became and the rows refused meanwhile. `evidenceRef` names the import in the colour events.
 */
export async function writeCaseRows(
  deps: TracingDeps, actor: Actor, scope: string, rows: readonly PlannedRow[], evidenceRef: string, progress?: Progress,
): Promise<{ written: WrittenRow[]; failures: Map<number, RowFailure> }> {
  const written: WrittenRow[] = [];
  const failures = new Map<number, RowFailure>();
  progress?.update(0, rows.length);
  for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
    const chunk = rows.slice(i, i + WRITE_CHUNK);
    const done: WrittenRow[] = [];
    try {
      done.push(...await writeChunk(deps, actor, scope, chunk));
    } catch {
      for (const row of chunk) {
        try {
          done.push(...await writeChunk(deps, actor, scope, [row]));
        } catch (error) {
          failures.set(row.position, failureOf(error));
        }
      }
    }
    written.push(...done);
    await recomputeColours(deps, done.filter((w) => w.status !== 'unchanged').map((w) => w.personId), { evidenceRef });
    progress?.update(Math.min(i + WRITE_CHUNK, rows.length), rows.length);
  }
  progress?.stop();
  const traced = written.find((w) => w.traceRequested);
  if (traced) await wakeTracing(deps, traced.caseId);
  return { written, failures };
}
