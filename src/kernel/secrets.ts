/**
 * Where the keys come from: environment variables in production; for a demo or a developer's
 * machine, a secrets file created once under the data directory (mode 0600) so that a second
 * start can still decrypt what the first one wrote.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from './config.ts';
import { newRandomKey, parseKeyList, type Keyring } from './crypto/field-encryption.ts';

interface SecretsFile {
  dataKeys: string;
  indexKey: string;
  embeddedDbPassword: string;
}

export interface Secrets {
  keyring: Keyring;
  embeddedDbPassword: string;
  /** Where the keys came from, for the start-up log (never the keys themselves). */
  source: 'environment' | string;
}

function readOrCreateSecretsFile(dataDir: string): { file: SecretsFile; filePath: string } {
  const filePath = path.join(dataDir, 'secrets.json');
  if (existsSync(filePath)) return { file: JSON.parse(readFileSync(filePath, 'utf8')) as SecretsFile, filePath };
  mkdirSync(dataDir, { recursive: true });
  const file: SecretsFile = {
    dataKeys: `k1:${newRandomKey()}`,
    indexKey: newRandomKey(),
    embeddedDbPassword: randomBytes(18).toString('base64url'),
  };
  writeFileSync(filePath, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  return { file, filePath };
}

export function loadSecrets(config: Config): Secrets {
  const needFile = !config.dataKeys || !config.indexKey || !config.databaseUrl;
  const stored = needFile ? readOrCreateSecretsFile(config.dataDir) : undefined;
  const dataKeys = config.dataKeys ?? stored!.file.dataKeys;
  const indexKeyB64 = config.indexKey ?? stored!.file.indexKey;
  const { currentKeyId, keys } = parseKeyList(dataKeys);
  const indexKey = Buffer.from(indexKeyB64, 'base64');
  if (indexKey.length < 32) throw new Error('FANGYI_INDEX_KEY must be at least 32 bytes (base64)');
  return {
    keyring: { currentKeyId, keys, indexKey },
    embeddedDbPassword: stored?.file.embeddedDbPassword ?? '',
    source: config.dataKeys && config.indexKey ? 'environment' : stored!.filePath,
  };
}
