import type { RouteRecordRaw } from 'vue-router';

/** Children of the console layout; the side menu lists them in this order. */
export const overviewRoutes: RouteRecordRaw[] = [
  { path: '', name: 'overview', component: () => import('../../views/overview-view.vue'), meta: { titleKey: 'overview.title' } },
];
