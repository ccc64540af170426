/**
 * `fangyi keys rotate|list <region>`: a region's health-code signing keys. Rotation makes a new
 * current key; the old one signs nothing more but stays in the trust list until its last token
 * (a 14-day printed code) has expired.
 */
import type { Command } from 'commander';
import { systemClock } from '../../kernel/time.ts';
import { cliActor } from '../../regions/service.ts';
import { listPublicKeys, rawPublicKeyFromPem, rotateSigningKey } from '../../codes/signing-keys/service.ts';
import { toHex, tokenKidOf } from '../../codes/token/model.ts';
import { withRuntime } from '../runtime.ts';
import { reportAppErrors } from './region.ts';

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('健康码签名密钥 Health-code signing keys of a region');

  keys
    .command('rotate')
    .description('轮换密钥：生成新的当前密钥，旧密钥停用但在其签发的码全部过期前仍可验证 Rotate: new current key; the old one stays verifiable until its tokens expire')
    .argument('<region>', 'onboarded city code, e.g. 330100')
    .option('--algorithm <name>', 'Ed25519, ES256 or SM2 (default: that of the current key)')
    .action(async (region: string, options: { algorithm?: string }) => {
      await reportAppErrors(() => withRuntime(async ({ database, secrets }) => {
        const result = await rotateSigningKey({ db: database.db, keyring: secrets.keyring, clock: systemClock }, cliActor(), region, options.algorithm);
        const kid = toHex(tokenKidOf(rawPublicKeyFromPem(result.current.algorithm, result.current.publicKeyPem)));
        console.log(`新的当前密钥 new current key: ${result.current.kid} (${result.current.algorithm}, kid ${kid})`);
        for (const old of result.retired) console.log(`已停用 retired: ${old} — 仍可验证其已签发的码 still verifies the codes it signed`);
      }));
    });

  keys
    .command('list')
    .description('列出地区的签名密钥 List a region\'s signing keys')
    .argument('<region>', 'city code, e.g. 330100')
    .action(async (region: string) => {
      await reportAppErrors(() => withRuntime(async ({ database }) => {
        const list = await listPublicKeys(database.db, region);
        for (const key of list) {
          const kid = toHex(tokenKidOf(rawPublicKeyFromPem(key.algorithm, key.publicKeyPem)));
          const state = key.retiredAt ? `retired ${key.retiredAt.toISOString()}` : 'current';
          console.log(`${key.kid}  ${key.algorithm.padEnd(7)}  kid ${kid}  created ${key.createdAt.toISOString()}  ${state}`);
        }
        console.error(`${list.length} keys`);
      }));
    });
}
