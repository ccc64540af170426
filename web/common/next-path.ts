/** Where to go after signing in: the `next` query if it is a path inside this app, else home. */
export function nextPathFrom(query: Record<string, unknown>): string {
  const next = query.next;
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
