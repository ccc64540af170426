import type { RouteRecordRaw } from 'vue-router';

/** 健康打卡: an organisation's daily statistics (its administrators; community workers and officials of its region read). */
export const dailyRoutes: RouteRecordRaw[] = [
  {
    path: 'orgs/daily', name: 'org-daily', component: () => import('../../views/daily-stats-view.vue'),
    meta: { titleKey: 'daily.menu', roles: ['org_admin', 'community_worker', 'health_official'] },
  },
];
