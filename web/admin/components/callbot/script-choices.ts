/**
 * The scripts a new campaign may use: the bundled templates (each stored as version 1 of its key: the
 * server gives that version's id with the template) and the region's saved versions, each key's newest
 * first. The saved list also holds the templates' own stored versions: those show once, as templates.
 */
import type { ScriptSummary, Template } from '../../api/callbot.ts';

export interface ScriptChoice {
  /** The script version's id a campaign pins. */
  value: string;
  label: string;
  group: 'templates' | 'scripts';
}

/** Saved scripts, newest version of each key first, then its older versions. */
export function sortScripts(scripts: readonly ScriptSummary[]): ScriptSummary[] {
  return [...scripts].sort((a, b) => a.key.localeCompare(b.key) || b.version - a.version);
}

export function scriptChoices(templates: readonly Template[], scripts: readonly ScriptSummary[], versionLabel: (v: number) => string): ScriptChoice[] {
  const bundled = new Set(templates.map((tpl) => tpl.scriptId));
  return [
    ...templates.map((tpl) => ({ value: tpl.scriptId, label: tpl.name, group: 'templates' as const })),
    ...sortScripts(scripts.filter((s) => !bundled.has(s.id))).map((s) => ({ value: s.id, label: `${s.name} · ${versionLabel(s.version)}`, group: 'scripts' as const })),
  ];
}

/** The name a choice shows (for a campaign's default name). */
export function choiceName(choice: string, templates: readonly Template[], scripts: readonly ScriptSummary[]): string {
  return templates.find((tpl) => tpl.scriptId === choice)?.name ?? scripts.find((s) => s.id === choice)?.name ?? '';
}
