import type { RouteRecordRaw } from 'vue-router';

// Public: the page has its own staff sign-in (门岗登录) and must open offline, when /api/me cannot answer.
export const scanRoutes: RouteRecordRaw[] = [
  { path: '/scan', name: 'scan', component: () => import('../../views/scan-view.vue'), meta: { public: true, titleKey: 'scan.title' } },
];
