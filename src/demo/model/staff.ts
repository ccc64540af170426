/** The demo's staff accounts: one per staff role, all scoped to the demo city, one shared password. */
import type { Role } from '../../kernel/access.ts';

/** Printed on every start of a demo installation; it protects nothing but synthetic data. */
export const DEMO_PASSWORD = 'Fangyi-demo-2026';

export interface DemoStaff {
  username: string;
  displayName: string;
  role: Role;
  /** What the demo data gives this account to look at or try (printed after its role). */
  tries?: string;
}

export const DEMO_STAFF: readonly DemoStaff[] = [
  { username: 'demo-sysadmin', displayName: '演示·系统管理员', role: 'sysadmin' },
  { username: 'demo-official', displayName: '演示·卫健官员甲', role: 'health_official', tries: '复工审批: one application waiting, one returned, two approved; 出行申报 · 居家观察; risk areas 风险地区' },
  // A second official: approvals that need four eyes (e.g. changing a health code) need two people.
  { username: 'demo-official2', displayName: '演示·卫健官员乙', role: 'health_official' },
  { username: 'demo-worker', displayName: '演示·社区工作者', role: 'community_worker', tries: '出行申报: the city\'s trips and returns, 居家观察 after risk areas; 智能外呼: a finished 返乡人员摸排 campaign with its report, and a chat campaign to answer on the chat page (聊天接听)' },
  { username: 'demo-hr', displayName: '演示·单位防疫管理员', role: 'org_admin', tries: '单位管理, 健康打卡; 复工申请 of the four companies with the 返岗 dashboard (back / observation / waiting)' },
  { username: 'demo-venue', displayName: '演示·场所管理员', role: 'venue_admin' },
  { username: 'demo-guard', displayName: '演示·卡口值守员', role: 'guard' },
  { username: 'demo-clinic', displayName: '演示·发热门诊登记员', role: 'clinic_staff', tries: '发热门诊: today\'s patients at the demo hospital\'s desk — register one, enter a result (the suspected patient\'s positive result promotes their case)' },
  { username: 'demo-auditor', displayName: '演示·审计员', role: 'auditor' },
];

const ROLE_NAMES: Record<Role, string> = {
  resident: '居民 resident',
  guard: '卡口值守 guard',
  venue_admin: '场所管理 venue admin',
  org_admin: '单位管理 org admin',
  community_worker: '社区工作者 community worker',
  health_official: '卫健官员 health official',
  auditor: '审计 auditor',
  sysadmin: '系统管理 sysadmin',
  clinic_staff: '发热门诊 clinic staff',
};

/** The lines `fangyi serve` prints for a demo installation. */
export function demoLoginLines(present: readonly string[], residentPhone: string | undefined, cityName: string): string[] {
  const width = Math.max(...DEMO_STAFF.map((s) => s.username.length));
  const staff = DEMO_STAFF.filter((s) => present.includes(s.username));
  return [
    `管理后台 staff (${cityName}), password 密码 ${DEMO_PASSWORD}:`,
    ...staff.map((s) => `  ${s.username.padEnd(width)}  ${ROLE_NAMES[s.role]}${s.tries ? ` — ${s.tries}` : ''}`),
    ...(residentPhone
      ? [
        `居民端 resident: phone 手机号 ${residentPhone}; code 验证码 from the demo SMS outbox, printed in this terminal`,
        `  出行申报: a trip back today waits for its 返程申报 (add 建德市 to see 居家观察); 返岗申报 at the first company, then approve it as demo-hr`,
      ]
      : []),
  ];
}
