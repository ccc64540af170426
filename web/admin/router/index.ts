/**
 * The console's routes under /admin/ (history mode). Pages live inside the console layout;
 * a page with meta.roles is reachable (and listed in the menu) only for those roles — the API
 * checks again, this only spares people a page that would answer "forbidden".
 */
import { createRouter, createWebHistory } from 'vue-router';
import { useSession } from '../../common/use-session.ts';
import { authRoutes } from './modules/auth.ts';
import { consolePages } from './console-pages.ts';
import { screenRoutes } from './modules/dashboard.ts';

export const router = createRouter({
  history: createWebHistory('/admin/'),
  routes: [
    ...authRoutes,
    ...screenRoutes, // full-screen pages: signed in, without the console layout
    { path: '/', component: () => import('../layouts/console-layout.vue'), children: consolePages },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  const session = useSession();
  const me = await session.ensureLoaded().catch(() => null);
  const staff = me?.kind === 'staff' ? me : null; // a resident's session does not open the console
  if (to.meta.public) return staff && to.name === 'sign-in' ? { name: 'overview' } : true;
  if (!staff) return { name: 'sign-in', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  const allowed = to.meta.roles;
  if (allowed && !allowed.some((role) => session.hasRole(role))) return { name: 'overview' };
  return true;
});
