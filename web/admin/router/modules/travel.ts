import type { RouteRecordRaw } from 'vue-router';

/** 出行申报 (community workers, officials: trips and home observations) and 复工复产 (companies' side, officials' approvals). */
export const travelRoutes: RouteRecordRaw[] = [
  {
    path: 'travel', name: 'travel-staff', component: () => import('../../views/travel-staff-view.vue'),
    meta: { titleKey: 'travel.menu', roles: ['community_worker', 'health_official'] },
  },
  {
    path: 'resumption/company', name: 'resumption-company', component: () => import('../../views/resumption-company-view.vue'),
    meta: { titleKey: 'resumption.companyMenu', roles: ['org_admin'] },
  },
  {
    path: 'resumption/approvals', name: 'resumption-official', component: () => import('../../views/resumption-official-view.vue'),
    meta: { titleKey: 'resumption.officialMenu', roles: ['health_official'] },
  },
];
