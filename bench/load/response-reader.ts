/**
 * Reads HTTP/1.1 responses off a byte stream just far enough to know each one's status and where
 * it ends: the head up to the blank line, then Content-Length bytes or a chunked body. The load
 * generator needs no more, and reading no more is what keeps it cheap.
 */

type State =
  | { kind: 'head'; text: string }
  | { kind: 'body'; status: number; remaining: number }
  | { kind: 'chunked'; status: number; text: string };

const HEAD_END = '\r\n\r\n';

export class ResponseReader {
  private state: State = { kind: 'head', text: '' };

  /**
   * Consumes bytes of `chunk` from `offset`: how many it used, and the status when that finished
   * a response (call again with the rest: a chunk may hold the start of the next answer).
   */
  feed(chunk: Buffer, offset: number): { consumed: number; status?: number } {
    const state = this.state;
    if (state.kind === 'body') {
      const used = Math.min(state.remaining, chunk.length - offset);
      state.remaining -= used;
      if (state.remaining > 0) return { consumed: used };
      this.state = { kind: 'head', text: '' };
      return { consumed: used, status: state.status };
    }
    if (state.kind === 'chunked') return this.feedChunked(state, chunk, offset);
    // latin1: one character per byte, so positions in the text are positions in the buffer.
    const before = state.text.length;
    const text = state.text + chunk.toString('latin1', offset);
    const end = text.indexOf(HEAD_END);
    if (end < 0) {
      state.text = text;
      return { consumed: chunk.length - offset };
    }
    const consumed = end + HEAD_END.length - before;
    const head = text.slice(0, end);
    const status = Number(head.slice(9, 12));
    if (!Number.isInteger(status) || !head.startsWith('HTTP/1.')) throw new Error(`not an HTTP response: ${head.slice(0, 40)}`);
    const lower = head.toLowerCase();
    const length = /\r\ncontent-length: *([0-9]+)/.exec(lower);
    if (length) {
      const remaining = Number(length[1]);
      if (remaining === 0) {
        this.state = { kind: 'head', text: '' };
        return { consumed, status };
      }
      this.state = { kind: 'body', status, remaining };
      return { consumed };
    }
    if (/\r\ntransfer-encoding: *chunked/.test(lower)) {
      this.state = { kind: 'chunked', status, text: '' };
      return { consumed };
    }
    // No length and not chunked: for answers that have no body (204, 304) the head is all there is.
    this.state = { kind: 'head', text: '' };
    return { consumed, status };
  }

  /** A chunked body ends with a zero-size chunk and a blank line (trailers are not expected). */
  private feedChunked(state: Extract<State, { kind: 'chunked' }>, chunk: Buffer, offset: number): { consumed: number; status?: number } {
    const before = state.text.length;
    const text = state.text + chunk.toString('latin1', offset);
    let position = 0;
    for (;;) {
      const lineEnd = text.indexOf('\r\n', position);
      if (lineEnd < 0) break;
      const size = parseInt(text.slice(position, lineEnd), 16);
      if (Number.isNaN(size)) throw new Error('bad chunk size');
      const next = lineEnd + 2 + size + 2;
      if (next > text.length) break;
      position = next;
      if (size === 0) {
        this.state = { kind: 'head', text: '' };
        return { consumed: position - before, status: state.status };
      }
    }
    state.text = text.slice(position);
    // Everything up to `position` is done with; the rest is kept in `state.text`.
    return { consumed: chunk.length - offset };
  }
}
