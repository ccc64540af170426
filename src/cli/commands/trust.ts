/**
 * `fangyi trust import|export|list`: mutual recognition (互认) of health codes between fangyi
 * installations. Import stores another installation's signed trust list; its keys then verify
 * that city's codes offline. The list's key is trusted on first use — compare the printed
 * fingerprint with the other installation's operator — and must match on every later import.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { systemClock } from '../../kernel/time.ts';
import { cliActor } from '../../regions/service.ts';
import { readTrustListSource } from '../../codes/trust-list/source.ts';
import { buildSignedTrustList, formatFingerprint, importTrustList, listImportedTrustLists } from '../../codes/trust-list/service.ts';
import { withRuntime } from '../runtime.ts';
import { reportAppErrors } from './region.ts';

export function registerTrust(program: Command): void {
  const trust = program.command('trust').description('信任列表与健康码互认 Trust lists: mutual recognition of other installations\' codes');

  trust
    .command('import')
    .description('导入另一系统的信任列表（首次导入时信任其密钥并显示指纹）Import another installation\'s trust list (trust on first use, fingerprint shown)')
    .argument('<url-or-file>', 'e.g. https://fangyi.other-city.example/.well-known/fangyi-trust-list.json')
    .option('--replace-key', 'accept a new signing key for this source (after checking its fingerprint)')
    .action(async (source: string, options: { replaceKey?: boolean }) => {
      await reportAppErrors(async () => {
        const document = await readTrustListSource(source);
        await withRuntime(async ({ database, secrets }) => {
          const result = await importTrustList({ db: database.db, keyring: secrets.keyring, clock: systemClock }, cliActor(), source, document, { replaceKey: options.replaceKey });
          if (result.newKey) {
            console.log(`！首次信任此密钥，请与对方核对指纹 First trust of this key — compare the fingerprint with the other installation:`);
          }
          console.log(`指纹 fingerprint: ${formatFingerprint(result.fingerprint)}`);
          for (const issuer of result.issuers) console.log(`签发地区 issuer: ${issuer.regionCode} ${issuer.name} (${issuer.keys} keys)`);
          console.log(`撤销 revocations: ${result.revocations}; 有效至 valid until: ${result.validUntil}`);
        });
      });
    });

  trust
    .command('export')
    .description('导出本系统签名的信任列表 Write this installation\'s signed trust list (as served at /.well-known/fangyi-trust-list.json)')
    .argument('[file]', 'output file (default: standard output)')
    .action(async (file: string | undefined) => {
      await reportAppErrors(() => withRuntime(async ({ database, secrets }) => {
        const list = await buildSignedTrustList({ db: database.db, keyring: secrets.keyring, clock: systemClock });
        const text = `${JSON.stringify(list, null, 2)}\n`;
        if (file) await writeFile(file, text);
        else process.stdout.write(text);
        console.error(`fingerprint ${formatFingerprint(list.payload.installation.fingerprint)}`);
      }));
    });

  trust
    .command('list')
    .description('列出已导入的信任列表 List imported trust lists')
    .action(async () => {
      await reportAppErrors(() => withRuntime(async ({ database }) => {
        for (const row of await listImportedTrustLists(database.db)) {
          const stale = row.validUntil.getTime() < Date.now() ? '  ！已过期 stale: import again' : '';
          console.log(`${row.source}\n  ${formatFingerprint(row.fingerprint)}\n  ${row.issuers.join(', ')}  valid until ${row.validUntil.toISOString()}${stale}`);
        }
      }));
    });
}
