/**
 * Scripts (话术): the bundled templates and the regions' own versions. A version is immutable (the
 * table refuses UPDATE and DELETE); saving a script whose key exists adds the next version, and a
 * campaign pins the version it was created with. The bundled templates are stored under their
 * key (region '000000') on first use, so campaigns can pin them like any other script; when a
 * release changes a template, its text is stored as the key's next version and offered from then
 * on, while campaigns keep the version they pinned.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../audit/service.ts';
import { inTransaction, type DbOrTrx } from '../../db/transaction.ts';
import { requireAccess, scopesFor, type Actor } from '../../kernel/access.ts';
import { NATIONAL_REGION, coversAny, regionPrefix } from '../../kernel/regions-scope.ts';
import type { Clock } from '../../kernel/time.ts';
import type { Script } from '../dialogue/model.ts';
import { validateScript } from '../dialogue/validate.ts';
import { callbotFail } from '../errors.ts';
import { BUNDLED_SCRIPTS } from '../scripts/templates/index.ts';
import { findLatestBundledVersion, findScript, insertScriptVersion, listScriptRows, lockLatestScriptVersion, type ScriptRow } from './store.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

export interface ScriptDeps {
  db: DbOrTrx;
  clock: Clock;
}

export interface ScriptSummary {
  id: string;
  key: string;
  version: number;
  name: string;
  regionCode: string;
  createdAt: Date;
}

const summaryOf = (r: ScriptRow): ScriptSummary => ({ id: r.id, key: r.key, version: r.version, name: r.name, regionCode: r.regionCode, createdAt: r.createdAt });

const ensured = new WeakSet<object>();

/** JSON with object keys sorted: jsonb keeps its own key order, so a stored script is compared by content. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The same script text, whatever the key order (exported for tests). */
export function sameScript(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * Stores each bundled template unless its newest bundled version already has this text (once per
 * database connection): version 1 on a new installation, the key's next version after a release
 * changed the template.
 */
export async function ensureBundledScripts(deps: ScriptDeps): Promise<void> {
  if (ensured.has(deps.db)) return;
  for (const script of BUNDLED_SCRIPTS) {
    await inTransaction(deps.db, async (trx) => {
      const latest = await lockLatestScriptVersion(trx, script.key);
      const stored = await findLatestBundledVersion(trx, script.key);
      if (stored && sameScript(stored.definition, script)) return;
      await insertScriptVersion(trx, {
        id: randomUUID(), key: script.key, version: latest + 1, name: script.name, definition: script, regionCode: NATIONAL_REGION, createdByAccountId: null, createdAt: deps.clock.now(),
      });
    });
  }
  if (!deps.db.isTransaction) ensured.add(deps.db);
}

/** 话术模板: the bundled templates with the id of their newest stored version. */
export async function listTemplates(deps: ScriptDeps, actor: Actor | undefined): Promise<{ key: string; name: string; description: string; scriptId: string; script: Script }[]> {
  requireAccess(actor, 'callbot.campaign.read');
  await ensureBundledScripts(deps);
  const out = [];
  for (const script of BUNDLED_SCRIPTS) {
    const row = await findLatestBundledVersion(deps.db, script.key);
    out.push({ key: script.key, name: script.name, description: script.description ?? '', scriptId: row!.id, script: (row?.definition ?? script) as Script });
  }
  return out;
}

function visible(actor: Actor, row: ScriptRow): boolean {
  return row.regionCode === NATIONAL_REGION || coversAny(scopesFor(actor, 'callbot.campaign.read'), row.regionCode);
}

export async function listScripts(deps: ScriptDeps, actor: Actor | undefined, query: { cursor?: string; limit: number }): Promise<{ items: ScriptSummary[]; next: string | null }> {
  const reader = requireAccess(actor, 'callbot.campaign.read');
  await ensureBundledScripts(deps);
  const prefixes = scopesFor(reader, 'callbot.campaign.read').map(regionPrefix);
  const after = decodeCursor(query.cursor);
  const rows = await listScriptRows(deps.db, prefixes, after?.at && after.id ? { createdAt: new Date(after.at), id: after.id } : undefined, query.limit);
  const last = rows[rows.length - 1];
  return { items: rows.map(summaryOf), next: rows.length === query.limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null };
}

/** A script version the actor may see (bundled, or of its regions), or CALLBOT_SCRIPT_NOT_FOUND. */
export async function scriptFor(deps: ScriptDeps, actor: Actor, id: string): Promise<ScriptRow> {
  const row = await findScript(deps.db, id);
  if (!row || !visible(actor, row)) throw callbotFail('CALLBOT_SCRIPT_NOT_FOUND');
  return row;
}

export async function getScript(deps: ScriptDeps, actor: Actor | undefined, id: string): Promise<ScriptSummary & { script: Script }> {
  const reader = requireAccess(actor, 'callbot.campaign.read');
  const row = await scriptFor(deps, reader, id);
  return { ...summaryOf(row), script: row.definition as Script };
}

/**
 * Saves a script: validated (helper B's validateScript), stored as version 1 of a new key or the
 * next version of an existing one, owned by the region given (default: the actor's first grant).
 */
export async function createScript(
  deps: ScriptDeps, actor: Actor | undefined, input: { script: unknown; regionCode?: string },
): Promise<ScriptSummary & { script: Script }> {
  const scopes = scopesFor(requireAccess(actor, 'callbot.campaign.manage'), 'callbot.campaign.manage');
  const regionCode = input.regionCode ?? scopes[0]!;
  const author = requireAccess(actor, 'callbot.campaign.manage', regionCode);
  const checked = validateScript(input.script);
  if (!checked.ok) throw callbotFail('CALLBOT_SCRIPT_INVALID', { errors: checked.errors });
  await ensureBundledScripts(deps);
  const script = checked.script;
  return inTransaction(deps.db, async (trx) => {
    const version = (await lockLatestScriptVersion(trx, script.key)) + 1;
    const row: ScriptRow = {
      id: randomUUID(), key: script.key, version, name: script.name, definition: script, regionCode, createdByAccountId: author.accountId, createdAt: deps.clock.now(),
    };
    await insertScriptVersion(trx, row);
    await recordAudit(trx, author, { action: 'callbot.script.create', targetType: 'callbot_script', targetId: row.id, regionCode, detail: { key: row.key, version } }, deps.clock);
    return { ...summaryOf(row), script };
  });
}

const parsed = new Map<string, Script>();

/** The pinned script of a campaign (versions never change, so they are cached by id). */
export async function loadPinnedScript(db: DbOrTrx, id: string): Promise<Script> {
  const cached = parsed.get(id);
  if (cached) return cached;
  const row = await findScript(db, id);
  if (!row) throw callbotFail('CALLBOT_SCRIPT_NOT_FOUND');
  if (parsed.size > 500) parsed.clear();
  parsed.set(id, row.definition as Script);
  return row.definition as Script;
}
