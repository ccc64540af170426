import { describe, expect, it } from 'vitest';
import { bucketOf, checkApplication, nextStatus } from '../../orgs/resumption/model.ts';
import { residentIdCheckDigit } from '../../people/model/id-number.ts';
import type { DemoDistrict } from './city.ts';
import { buildPopulation } from './households.ts';
import { seededRandom } from './random.ts';
import { buildApplications, buildReturnsToWork } from './resumption.ts';

const TODAY = '2026-11-28';
const NOW = new Date(`${TODAY}T02:30:00Z`);
const DISTRICTS: DemoDistrict[] = [{ code: '330106', name: '西湖区', streets: [{ code: '330106001', name: '北山街道' }] }];
const residents = buildPopulation({ random: seededRandom(), districts: DISTRICTS, residents: 300, today: TODAY, checkDigit: residentIdCheckDigit }).residents;
const adults = residents.map((r, i) => ({ r, i })).filter(({ r }) => r.age >= 20 && r.age < 60).map(({ i }) => i);
const companies = [0, 1, 2, 3].map((k) => ({ organisation: k * 2, members: adults.slice(k * 30, k * 30 + 30) }));

describe('demo resumption applications', () => {
  const apps = buildApplications({ random: seededRandom(), companies, residents, now: NOW });

  it('gives the four companies one application each: approved after a return, approved, returned, submitted', () => {
    expect(apps.map((a) => [a.organisation, a.status])).toEqual([[0, 'approved'], [2, 'approved'], [4, 'returned'], [6, 'submitted']]);
  });

  it('moves each only as the state machine allows, in time order before now, by the right side', () => {
    const by = { submit: 'hr', approve: 'official', return: 'official' } as const;
    for (const app of apps) {
      expect(app.events[0]).toMatchObject({ fromStatus: null, toStatus: 'draft', actor: 'hr', at: app.createdAt });
      for (const [i, e] of app.events.slice(1).entries()) {
        const previous = app.events[i]!;
        expect(e.fromStatus).toBe(previous.toStatus);
        expect(e.at.getTime()).toBeGreaterThan(previous.at.getTime());
        const move = e.toStatus === 'approved' ? 'approve' : e.toStatus === 'returned' ? 'return' : 'submit';
        expect(nextStatus(e.fromStatus!, move)).toBe(e.toStatus);
        expect(e.actor).toBe(by[move]);
        if (move === 'return') expect(e.comment!.length).toBeGreaterThan(10);
      }
      expect(app.events.at(-1)!.toStatus).toBe(app.status);
      expect(app.events.at(-1)!.at.getTime()).toBeLessThan(NOW.getTime());
    }
  });

  it('has fields the application check accepts, with an employee as the contact', () => {
    for (const app of apps) {
      const contact = residents[app.contact]!;
      expect(companies.find((c) => c.organisation === app.organisation)!.members).toContain(app.contact);
      expect(checkApplication({ ...app, contactName: contact.name, contactPhone: contact.phone! }).ok).toBe(true);
    }
  });
});

describe('demo return-to-work declarations', () => {
  const declarations = buildReturnsToWork({ random: seededRandom(), companies: companies.slice(0, 2), residents, now: NOW, today: TODAY });

  it('has every bucket in each company, HR decisions after the declarations and before now, nine in ten declared', () => {
    for (const company of companies.slice(0, 2)) {
      const own = declarations.filter((d) => d.organisation === company.organisation);
      const employees = company.members.filter((m) => m !== 0).length;
      expect(own.length).toBe(employees - Math.floor(employees / 10));
      expect(new Set(own.map((d) => bucketOf(d, TODAY)))).toEqual(new Set(['back', 'observation', 'waiting']));
    }
    for (const d of declarations) {
      expect(d.declaredAt.getTime()).toBeLessThan(NOW.getTime());
      expect(d.plannedOn >= new Date(d.declaredAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)).toBe(true);
      expect(d.decidedAt === null).toBe(d.status === 'pending');
      expect((d.approvedOn !== null)).toBe(d.status === 'approved');
      if (d.decidedAt) expect(d.decidedAt.getTime()).toBeGreaterThanOrEqual(d.declaredAt.getTime());
      if (d.decidedAt) expect(d.decidedAt.getTime()).toBeLessThan(NOW.getTime());
    }
  });

  it('leaves the demo resident (resident 0) to declare on the phone', () => {
    const withDemo = buildReturnsToWork({ random: seededRandom(), companies: [{ organisation: 0, members: [0, ...adults.slice(0, 20)] }], residents, now: NOW, today: TODAY });
    expect(withDemo.some((d) => d.resident === 0)).toBe(false);
    expect(withDemo.length).toBe(18);
  });
});
