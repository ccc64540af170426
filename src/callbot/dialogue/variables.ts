/**
 * Variables in prompts (${name}, ${community}, …): which a script speaks, which a callee lacks,
 * and filling them in. A missing variable is the campaign's validation error, never a spoken
 * "undefined". Pure.
 */
import type { Script } from './model.ts';

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Every text a script may speak, with a path for error reports. */
export function scriptTexts(script: Script): { path: string; text: string }[] {
  const texts: { path: string; text: string }[] = [];
  for (const [id, node] of Object.entries(script.nodes)) {
    if (node.kind === 'end') {
      if (node.closing !== undefined) texts.push({ path: `nodes.${id}.closing`, text: node.closing });
      continue;
    }
    texts.push({ path: `nodes.${id}.prompt`, text: node.prompt });
    if (node.kind === 'ask' && node.reaskPrompt !== undefined) texts.push({ path: `nodes.${id}.reaskPrompt`, text: node.reaskPrompt });
  }
  for (const [key, text] of Object.entries(script.closings)) texts.push({ path: `closings.${key}`, text });
  for (const [key, text] of Object.entries(script.globals)) texts.push({ path: `globals.${key}`, text });
  texts.push({ path: 'reaskPrompt', text: script.reaskPrompt }, { path: 'silencePrompt', text: script.silencePrompt });
  return texts;
}

/** Variable names used in one text, in order of first use. */
export function textVariables(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE)].map((m) => m[1] as string))];
}

/** The variables a script speaks anywhere (sorted): what a campaign must supply for each callee. */
export function scriptVariables(script: Script): string[] {
  return [...new Set([...script.variables, ...scriptTexts(script).flatMap((t) => textVariables(t.text))])].sort();
}

/** Variables the script speaks that `variables` lacks or leaves blank. */
export function missingVariables(script: Script, variables: Readonly<Record<string, string | undefined>>): string[] {
  return scriptVariables(script).filter((name) => !variables[name]?.trim());
}

/** Fills ${name} from `variables`; an unknown variable becomes empty (validation prevents it). */
export function fillVariables(text: string, variables: Readonly<Record<string, string>>): string {
  if (!text.includes('${')) return text;
  return text.replace(VARIABLE, (_, name: string) => variables[name] ?? '');
}
