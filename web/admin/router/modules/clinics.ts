import type { RouteRecordRaw } from 'vue-router';

/**
 * 发热门诊 (fever clinics), one menu group: the desk (register a patient, today's list with result
 * entry) for clinic staff; the daily report (发热门诊日报) with its Excel export for health officials
 * (and, for their own clinic, the desk); managing the region's clinics (open one at a hospital,
 * bind its desk staff) for health officials.
 */
export const clinicsRoutes: RouteRecordRaw[] = [
  {
    path: 'clinics/desk', name: 'clinics-desk', component: () => import('../../views/clinics/clinics-desk-view.vue'),
    meta: { titleKey: 'clinics.menu.desk', roles: ['clinic_staff'], menuGroup: 'clinics' },
  },
  {
    path: 'clinics/report', name: 'clinics-report', component: () => import('../../views/clinics/clinics-report-view.vue'),
    meta: { titleKey: 'clinics.menu.report', roles: ['health_official', 'clinic_staff'], menuGroup: 'clinics' },
  },
  {
    path: 'clinics/admin', name: 'clinics-admin', component: () => import('../../views/clinics/clinics-admin-view.vue'),
    meta: { titleKey: 'clinics.menu.admin', roles: ['health_official'], menuGroup: 'clinics' },
  },
];
