/** The follow-up task list's keyset cursor (created_at, id), opaque to clients. */
export interface TaskCursor {
  createdAt: Date;
  id: string;
}

export function encodeTaskCursor(cursor: TaskCursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`).toString('base64url');
}

export function decodeTaskCursor(raw: string): TaskCursor | undefined {
  const [at, id] = Buffer.from(raw, 'base64url').toString().split('|');
  if (!at || !id || !/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const createdAt = new Date(at);
  return Number.isNaN(createdAt.getTime()) ? undefined : { createdAt, id };
}
