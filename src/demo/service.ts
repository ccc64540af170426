// PLACEHOLDER — to be replaced by the demo-city implementation (helper task in progress).
import type { Db } from '../db/connection.ts';
import type { Keyring } from '../kernel/crypto/field-encryption.ts';

export interface DemoDeps { db: Db; keyring: Keyring; log: (m: string) => void; progress?: boolean }
export async function seedDemoIfEmpty(_deps: DemoDeps): Promise<boolean> { return false; }
export async function describeDemoLogins(_db: Db): Promise<string[]> { return []; }
