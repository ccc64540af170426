import type { RouteRecordRaw } from 'vue-router';

/** 居家观察 (监测计划): the community worker's follow-ups of the day (made for a phone), and the region's plans for officials and workers. */
export const monitoringRoutes: RouteRecordRaw[] = [
  {
    path: 'monitoring/today', name: 'monitoring-today', component: () => import('../../views/monitoring-today-view.vue'),
    meta: { titleKey: 'monitoring.todayMenu', roles: ['community_worker'] },
  },
  {
    path: 'monitoring/plans', name: 'monitoring-plans', component: () => import('../../views/monitoring-plans-view.vue'),
    meta: { titleKey: 'monitoring.plansMenu', roles: ['community_worker', 'health_official'] },
  },
];
