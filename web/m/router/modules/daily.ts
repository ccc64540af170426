import type { RouteRecordRaw } from 'vue-router';

/** 健康打卡: the home tile lists the resident's organisations; each has its form (?personId= for a child at school). */
export const dailyRoutes: RouteRecordRaw[] = [
  { path: '/daily', name: 'daily', component: () => import('../../views/daily-list-view.vue'), meta: { titleKey: 'daily.title' } },
  { path: '/orgs/:orgId/daily', name: 'daily-checkin', component: () => import('../../views/daily-checkin-view.vue'), meta: { titleKey: 'daily.title' } },
];
