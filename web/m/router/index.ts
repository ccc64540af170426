/**
 * The resident app's routes under /m/ (history mode: the server answers every /m/* path with
 * this app's index.html, and /v/<token> too — a venue poster's short QR URL, which the router
 * resolves as the route /v/:token and rewrites to /m/v/<token>). Everything but the sign-in page
 * needs a signed-in account.
 */
import { createRouter, createWebHistory } from 'vue-router';
import { useSession } from '../../common/use-session.ts';
import { authRoutes } from './modules/auth.ts';
import { homeRoutes } from './modules/home.ts';
import { codeRoutes } from './modules/codes.ts';
import { scanRoutes } from './modules/scan.ts';
import { checkinRoutes } from './modules/checkins.ts';
import { dailyRoutes } from './modules/daily.ts';
import { noticeRoutes } from './modules/notices.ts';
import { travelRoutes } from './modules/travel.ts';
import { orgRoutes } from './modules/orgs.ts';
import { callbotRoutes } from './modules/callbot.ts';

export const router = createRouter({
  history: createWebHistory('/m/'),
  routes: [...authRoutes, ...homeRoutes, ...codeRoutes, ...scanRoutes, ...checkinRoutes, ...dailyRoutes, ...noticeRoutes, ...travelRoutes, ...orgRoutes, ...callbotRoutes, { path: '/:rest(.*)*', redirect: '/' }],
});

router.beforeEach(async (to) => {
  const session = useSession();
  const me = await session.ensureLoaded().catch(() => null); // server unreachable: the sign-in page says so when used
  if (to.meta.public) return me && to.name === 'sign-in' ? { name: 'home' } : true;
  if (!me) return { name: 'sign-in', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  return true;
});
