import type { RouteRecordRaw } from 'vue-router';

/** 我的单位: the resident's organisations; each links to its daily check-in. */
export const orgRoutes: RouteRecordRaw[] = [
  { path: '/orgs', name: 'my-orgs', component: () => import('../../views/orgs-mine-view.vue'), meta: { titleKey: 'orgs.title' } },
];
