/**
 * Prompts with variables (${name}, ${community}) are cut into static pieces — rendered once per
 * script version and kept on disk — and the variables' values, which hold personal data and are
 * synthesised in memory only. The cut made from a template (staticPieces) and the cut made from an
 * interpolated text (splitAtValues) give the same static pieces, so render() finds what
 * prepareScript() stored. Pure.
 */

const VARIABLE = /\$\{[A-Za-z_][A-Za-z0-9_]*\}/g;
/**
 * Appended to a piece that runs on into a variable ("请问您是" + 王秀英 + "本人吗"): espeak-ng then
 * gives it the level intonation of a clause that continues instead of a sentence's final fall. The
 * pause that comes with it is trimmed away before joining.
 */
export const CONTINUES = '，';

export interface Piece {
  /** What is synthesised: the text, with CONTINUES when it runs on into the next piece. */
  text: string;
  /** The variable this piece is the value of; null for a static piece. */
  variable: string | null;
  /** The text as it stands in the prompt (for the pause at the join). */
  original: string;
}

/** The static pieces of a template, as render() looks them up: '您好，这里是${community}。' → ['您好，这里是，', '。']. */
export function staticPieces(template: string): string[] {
  const pieces: string[] = [];
  let at = 0;
  for (const match of template.matchAll(VARIABLE)) {
    const text = template.slice(at, match.index);
    if (text.trim() !== '') pieces.push(runsOn(text) ? text + CONTINUES : text);
    at = match.index + match[0].length;
  }
  const rest = template.slice(at);
  if (rest.trim() !== '') pieces.push(rest);
  return pieces;
}

/** An interpolated text cut at the values of `variables` (longest value first where two overlap). */
export function splitAtValues(text: string, variables: Readonly<Record<string, string>> | undefined): Piece[] {
  const values = Object.entries(variables ?? {})
    .filter(([, value]) => value.trim() !== '' && text.includes(value))
    .sort(([, a], [, b]) => b.length - a.length);
  if (values.length === 0) return [{ text, variable: null, original: text }];
  const raw: { original: string; variable: string | null }[] = [];
  let staticStart = 0;
  for (let at = 0; at < text.length;) {
    const hit = values.find(([, value]) => text.startsWith(value, at));
    if (!hit) {
      at++;
      continue;
    }
    if (at > staticStart) raw.push({ original: text.slice(staticStart, at), variable: null });
    raw.push({ original: hit[1], variable: hit[0] });
    at += hit[1].length;
    staticStart = at;
  }
  if (staticStart < text.length) raw.push({ original: text.slice(staticStart), variable: null });
  const kept = raw.filter((piece) => piece.original.trim() !== '');
  return kept.map((piece, i) => {
    const next = kept[i + 1];
    const continues = next !== undefined && runsOn(piece.original) && (piece.variable !== null || next.variable !== null);
    return { ...piece, text: continues ? piece.original + CONTINUES : piece.original };
  });
}

/** Whether a piece ends without a mark of its own (and so runs on into what follows). */
function runsOn(text: string): boolean {
  return !/[，,、；;：:。.！!？?…\s]$/.test(text);
}

const SENTENCE_PAUSE_MS = 350;
const CLAUSE_PAUSE_MS = 200;
const WORD_PAUSE_MS = 40;

/** The pause at a join, from the marks on either side: none inside a clause, longer after a sentence. */
export function joinPauseMs(before: string, after: string): number {
  const marks = before.slice(-1) + after.slice(0, 1);
  if (/[。.！!？?…]/.test(marks)) return SENTENCE_PAUSE_MS;
  if (/[，,、；;：:]/.test(marks)) return CLAUSE_PAUSE_MS;
  return WORD_PAUSE_MS;
}

/**
 * The silence kept after a rendered text, by its last mark: prompts played one after another (a
 * question, then its keypad instructions) are then apart as sentences are. A join cuts it and puts
 * joinPauseMs instead.
 */
export function endPauseMs(text: string): number {
  if (/[。.！!？?…]$/.test(text)) return SENTENCE_PAUSE_MS;
  if (/[，,、；;：:]$/.test(text)) return CLAUSE_PAUSE_MS;
  return 0;
}
