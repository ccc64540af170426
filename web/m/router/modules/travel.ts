import type { RouteRecordRaw } from 'vue-router';

/** 出行申报 (my trips, declare, 返程申报) and 返岗申报; `?personId=` picks a dependant. */
export const travelRoutes: RouteRecordRaw[] = [
  { path: '/travel', name: 'travel', component: () => import('../../views/travel-list-view.vue'), meta: { titleKey: 'travel.list.title' } },
  { path: '/travel/declare', name: 'travel-declare', component: () => import('../../views/travel-declare-view.vue'), meta: { titleKey: 'travel.form.title' } },
  { path: '/travel/:id/return', name: 'travel-return', component: () => import('../../views/travel-return-view.vue'), meta: { titleKey: 'travel.return.title' } },
  { path: '/return-to-work', name: 'return-to-work', component: () => import('../../views/return-to-work-view.vue'), meta: { titleKey: 'travel.rtw.title' } },
];
