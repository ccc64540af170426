/**
 * Evaluations per second for a typical person (not a test; timing is never asserted):
 *   npx tsx src/codes/rules/measure-throughput.ts
 */
import { evaluate, loadBundledRuleSet, type PersonFacts } from './index.ts';
import { checkins, declaration, facts } from './test-helpers.ts';

const at = new Date('2020-02-20T12:00:00+08:00');
const day = (n: number) => new Date(at.getTime() - n * 86_400_000);
const riskAreas = [{ regionCode: '420100', level: 'high' as const, name: '湖北省武汉市' }];
const people: Record<string, PersonFacts> = {
  'green, 14 daily declarations': facts({ declarations: Array.from({ length: 14 }, (_, i) => declaration({ declaredAt: day(i) })), dailyCheckins: checkins('2020-02-07', 14) }),
  'yellow, high-risk travel': facts({ declarations: [declaration({ declaredAt: day(3), stayedRegionCodes: ['420106'] })], dailyCheckins: checkins('2020-02-18', 3) }),
  'red, close contact': facts({ contacts: [{ kind: 'close', exposedAt: day(5) }], dailyCheckins: checkins('2020-02-16', 5) }),
};
const set = loadBundledRuleSet('hangzhou-2020');
for (const [label, f] of Object.entries(people)) {
  for (let i = 0; i < 2000; i++) evaluate(set, f, { at, riskAreas });
  const n = 20_000;
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) evaluate(set, f, { at, riskAreas });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${label}: ${Math.round(n / seconds)} evaluations/s`);
}
