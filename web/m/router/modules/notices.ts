import type { RouteRecordRaw } from 'vue-router';

/** 通知: the resident's notices (and their dependants'); `?personId=` on a notice picks for whom it is opened (a DING SMS links without it). */
export const noticeRoutes: RouteRecordRaw[] = [
  { path: '/notices', name: 'notices', component: () => import('../../views/notices-list-view.vue'), meta: { titleKey: 'notices.title' } },
  { path: '/notices/:id', name: 'notice', component: () => import('../../views/notices-detail-view.vue'), meta: { titleKey: 'notices.detailTitle' } },
];
