import type { RouteRecordRaw } from 'vue-router';

/** The resident's health code (健康码), declaration (健康申报) and appeals (申诉纠错); `?personId=` picks a dependant. */
export const codeRoutes: RouteRecordRaw[] = [
  { path: '/code', name: 'code', component: () => import('../../views/code-view.vue'), meta: { titleKey: 'codes.code.title' } },
  { path: '/declare', name: 'declare', component: () => import('../../views/declare-view.vue'), meta: { titleKey: 'codes.declare.title' } },
  { path: '/appeal', name: 'appeal', component: () => import('../../views/appeal-view.vue'), meta: { titleKey: 'codes.appeal.title' } },
];
