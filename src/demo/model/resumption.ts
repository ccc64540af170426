/**
 * The demo companies' return to work (复工复产): one resumption application (复工申请) per company
 * in a different state — approved after being returned once, approved at once, returned with the
 * official's comments, submitted and waiting — and the return-to-work declarations (返岗申报) of
 * the approved companies' employees: back, in observation, waiting for HR or asked to wait. The
 * demo resident declares nothing, so they can try it. Dated relative to the seeding instant. Pure.
 */
import type { QuarantineState, ResumptionStatus, ReturnStatus } from '../../orgs/resumption/model.ts';
import { addDays } from '../../travel/model.ts';
import type { DemoResident } from './households.ts';
import { momentOn } from './travel.ts';
import type { Random } from './random.ts';

const HOUR_MS = 3_600_000;

/** `at`, or a little before `now` when `at` would be later. */
function notAfter(now: Date, at: Date): Date {
  return at.getTime() < now.getTime() ? at : new Date(now.getTime() - 10 * 60_000);
}

export type DemoActor = 'hr' | 'official';

export interface DemoApplicationEvent { at: Date; actor: DemoActor; fromStatus: ResumptionStatus | null; toStatus: ResumptionStatus; comment: string | null }

export interface DemoApplication {
  /** Index into the organisations. */
  organisation: number;
  status: ResumptionStatus;
  headcount: number;
  returningCount: number;
  measures: string;
  masks: number;
  disinfectantLitres: number;
  /** Index into the residents: an employee of the company is its contact person. */
  contact: number;
  createdAt: Date;
  events: DemoApplicationEvent[];
}

const MEASURES = [
  '一、成立疫情防控工作小组，总经理任组长，各部门负责人为组员，责任到人。\n二、员工每日上岗前测温并在“健康打卡”中填报，体温≥37.3℃或有咳嗽、乏力等症状者不得进入厂区，并及时就医。\n三、办公区、车间、食堂、电梯每日消毒不少于两次，做好消毒登记；保持通风。\n四、食堂分餐、错峰就餐，座位间隔一米以上。\n五、外地返岗人员凭绿码返岗，来自中高风险地区的须居家观察14天期满。\n六、设置临时隔离观察室一间，备足口罩、消毒液、测温枪。',
  '1. 实行封闭管理，外来人员一律登记、测温、查验健康码后方可进入。\n2. 员工分批错峰返岗，首批返岗不超过总人数的50%。\n3. 仓库和车辆每日消毒两次，快递包裹在指定区域消毒后交接。\n4. 每日汇总员工健康状况，发现异常立即报告属地社区和卫健部门。\n5. 储备口罩、消毒液不少于两周用量。',
  '（1）员工宿舍每间不超过4人，每日通风消毒；（2）车间工位间隔1.5米，佩戴口罩作业；（3）上下班测温两次并登记；（4）设立防疫联络员，对接属地街道；（5）暂停集中会议和聚餐。',
  '一、返岗前摸排全体员工14天行程，外地返杭员工落实隔离观察；二、门卫查验健康码、测温；三、公共区域每日消毒三次；四、食堂打包分餐；五、制定应急预案，发现疑似病例立即隔离并报告。',
];
const RETURN_COMMENTS = [
  '防控方案未明确外地返岗人员的隔离观察安排，口罩储备不足一周用量，请补充后重新提交。',
  '请补充员工宿舍管理措施和临时隔离观察室的设置情况，并明确防疫联络员及联系电话。',
];
const APPROVE_COMMENTS = [
  '同意复工。请严格落实每日健康打卡和外地返岗人员排查，控制外来人员进入。',
  '材料齐全，同意复工复产。请按方案分批返岗，发现异常及时报告属地街道。',
];

/**
 * The companies' applications (organisation indexes of kind company, in order): the first (the
 * demo resident's employer) returned once then approved; the second approved; the third returned
 * with comments; the fourth submitted, waiting for the official. Members: the company's employees.
 */
export function buildApplications(options: { random: Random; companies: readonly { organisation: number; members: readonly number[] }[]; residents: readonly DemoResident[]; now: Date }): DemoApplication[] {
  const { random, residents, now } = options;
  const ago = (hours: number) => new Date(now.getTime() - hours * HOUR_MS - random.int(0, 50) * 60_000);
  const plans: ((created: Date) => { status: ResumptionStatus; events: DemoApplicationEvent[] })[] = [
    (created) => {
      const submitted = ago(140), returned = ago(118), resubmitted = ago(96), approved = ago(75);
      return { status: 'approved', events: [
        { at: created, actor: 'hr', fromStatus: null, toStatus: 'draft', comment: null },
        { at: submitted, actor: 'hr', fromStatus: 'draft', toStatus: 'submitted', comment: null },
        { at: returned, actor: 'official', fromStatus: 'submitted', toStatus: 'returned', comment: RETURN_COMMENTS[0]! },
        { at: resubmitted, actor: 'hr', fromStatus: 'returned', toStatus: 'resubmitted', comment: null },
        { at: approved, actor: 'official', fromStatus: 'resubmitted', toStatus: 'approved', comment: APPROVE_COMMENTS[0]! },
      ] };
    },
    (created) => ({ status: 'approved', events: [
      { at: created, actor: 'hr', fromStatus: null, toStatus: 'draft', comment: null },
      { at: ago(117), actor: 'hr', fromStatus: 'draft', toStatus: 'submitted', comment: null },
      { at: ago(98), actor: 'official', fromStatus: 'submitted', toStatus: 'approved', comment: APPROVE_COMMENTS[1]! },
    ] }),
    (created) => ({ status: 'returned', events: [
      { at: created, actor: 'hr', fromStatus: null, toStatus: 'draft', comment: null },
      { at: ago(50), actor: 'hr', fromStatus: 'draft', toStatus: 'submitted', comment: null },
      { at: ago(27), actor: 'official', fromStatus: 'submitted', toStatus: 'returned', comment: RETURN_COMMENTS[1]! },
    ] }),
    (created) => ({ status: 'submitted', events: [
      { at: created, actor: 'hr', fromStatus: null, toStatus: 'draft', comment: null },
      { at: ago(4), actor: 'hr', fromStatus: 'draft', toStatus: 'submitted', comment: null },
    ] }),
  ];
  const createdHoursAgo = [150, 120, 54, 22];
  return options.companies.slice(0, plans.length).flatMap((company, k) => {
    const withPhone = company.members.filter((m) => residents[m]?.phone !== undefined && m !== 0);
    if (withPhone.length === 0) return [];
    const headcount = Math.max(company.members.length, random.int(20, 40));
    const created = ago(createdHoursAgo[k]!);
    const { status, events } = plans[k]!(created);
    return [{
      organisation: company.organisation, status, headcount, returningCount: Math.round(headcount * random.int(15, 40) / 100),
      measures: MEASURES[k % MEASURES.length]!, masks: headcount * 2 * random.int(14, 30), disinfectantLitres: Math.ceil(headcount / 10) * random.int(5, 20),
      contact: withPhone[0]!, createdAt: created, events,
    }];
  });
}

/** Where employees come back from: a few provinces' districts (home towns), and the employee's own district in the city. */
const ORIGINS = ['341202', '411502', '361102', '421102', '511302', '340104', '330302', '330522', '430104', '610113'];

export interface DemoReturnToWork {
  organisation: number;
  resident: number;
  declaredAt: Date;
  originRegionCode: string;
  quarantine: QuarantineState;
  plannedOn: string;
  status: ReturnStatus;
  approvedOn: string | null;
  hrComment: string | null;
  decidedAt: Date | null;
}

/** One pattern per ten employees (shuffled): six back, two in observation, two waiting (one for HR, one asked to wait); one in ten has not declared. */
type Pattern = 'back' | 'backFromAway' | 'homeObservation' | 'centralised' | 'pending' | 'askedToWait' | 'undeclared';
const PATTERNS: readonly Pattern[] = ['back', 'back', 'back', 'back', 'backFromAway', 'homeObservation', 'centralised', 'pending', 'askedToWait', 'undeclared'];
const WAIT_COMMENTS = ['请持绿码并完成14天健康监测后返岗', '所在部门暂未复工，请等待通知', '请先补报近14天行程'];

export function buildReturnsToWork(options: { random: Random; companies: readonly { organisation: number; members: readonly number[] }[]; residents: readonly DemoResident[]; now: Date; today: string }): DemoReturnToWork[] {
  const { random, residents, now, today } = options;
  const out: DemoReturnToWork[] = [];
  for (const company of options.companies) {
    // The demo resident (resident 0) is left to declare on /m/.
    const employees = company.members.filter((m) => m !== 0).map((m) => ({ m, order: random.next() })).sort((a, b) => a.order - b.order).map((x) => x.m);
    employees.forEach((resident, k) => {
      const pattern = PATTERNS[k % PATTERNS.length]!;
      if (pattern === 'undeclared') return;
      const home = residents[resident]!.homeRegionCode.slice(0, 6);
      const away = random.pick(ORIGINS);
      const at = (day: string) => momentOn(day, random.int(8, 20), now, random);
      if (pattern === 'back' || pattern === 'backFromAway') {
        const approvedOn = addDays(today, -random.int(0, 10));
        const declaredDay = addDays(approvedOn, -random.int(1, 4));
        const declaredAt = at(declaredDay);
        out.push({
          organisation: company.organisation, resident, declaredAt, originRegionCode: pattern === 'back' ? home : away, quarantine: pattern === 'back' ? 'none' : 'finished',
          plannedOn: approvedOn, status: 'approved', approvedOn, hrComment: null, decidedAt: notAfter(now, new Date(declaredAt.getTime() + random.int(1, 20) * HOUR_MS)),
        });
      } else if (pattern === 'homeObservation' || pattern === 'centralised') {
        // Observing for 14 days from the day they came back; HR approved the centralised one's day already.
        const declaredAt = at(addDays(today, -random.int(1, 5)));
        const plannedOn = addDays(today, random.int(3, 12));
        const approved = pattern === 'centralised';
        out.push({
          organisation: company.organisation, resident, declaredAt, originRegionCode: away, quarantine: pattern === 'homeObservation' ? 'home_observation' : 'centralised',
          plannedOn, status: approved ? 'approved' : 'pending', approvedOn: approved ? plannedOn : null, hrComment: null,
          decidedAt: approved ? notAfter(now, new Date(declaredAt.getTime() + 6 * HOUR_MS)) : null,
        });
      } else if (pattern === 'pending') {
        out.push({
          organisation: company.organisation, resident, declaredAt: at(addDays(today, -random.int(0, 2))), originRegionCode: random.chance(0.5) ? home : away,
          quarantine: 'none', plannedOn: addDays(today, random.int(1, 7)), status: 'pending', approvedOn: null, hrComment: null, decidedAt: null,
        });
      } else {
        const declaredAt = at(addDays(today, -random.int(1, 4)));
        out.push({
          organisation: company.organisation, resident, declaredAt, originRegionCode: away, quarantine: 'finished', plannedOn: addDays(today, random.int(1, 5)),
          status: 'waiting', approvedOn: null, hrComment: random.pick(WAIT_COMMENTS), decidedAt: notAfter(now, new Date(declaredAt.getTime() + 3 * HOUR_MS)),
        });
      }
    });
  }
  return out;
}
