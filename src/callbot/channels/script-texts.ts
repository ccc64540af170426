/**
 * Every text a script can say (话术全部提示语), for rendering its prompts once per version: node
 * prompts and re-asks, closings, replies to global intents. Texts with ${variables} are included
 * as written; the prompt cache renders only their fixed pieces ahead of time.
 */
import type { Script } from '../dialogue/model.ts';

export function scriptTexts(script: Script): string[] {
  const texts = new Set<string>([script.reaskPrompt, script.silencePrompt, ...Object.values(script.closings), ...Object.values(script.globals)]);
  for (const node of Object.values(script.nodes)) {
    if (node.kind === 'ask') {
      texts.add(node.prompt);
      if (node.reaskPrompt) texts.add(node.reaskPrompt);
    } else if (node.kind === 'say') {
      texts.add(node.prompt);
    } else if (node.closing) {
      texts.add(node.closing);
    }
  }
  return [...texts].filter((t) => t.trim().length > 0);
}
