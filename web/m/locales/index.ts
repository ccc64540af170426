/** The resident app's messages, one file per capability (style habit 10). */
import { createAppI18n } from '../../common/i18n.ts';
import zhAuth from './zh-CN/auth.json';
import enAuth from './en-US/auth.json';
import zhHome from './zh-CN/home.json';
import enHome from './en-US/home.json';
import zhCodes from './zh-CN/codes.json';
import enCodes from './en-US/codes.json';
import zhScan from './zh-CN/scan.json';
import enScan from './en-US/scan.json';
import zhCheckins from './zh-CN/checkins.json';
import enCheckins from './en-US/checkins.json';
import zhDaily from './zh-CN/daily.json';
import enDaily from './en-US/daily.json';
import zhNotices from './zh-CN/notices.json';
import enNotices from './en-US/notices.json';
import zhTravel from './zh-CN/travel.json';
import enTravel from './en-US/travel.json';
import zhOrgs from './zh-CN/orgs.json';
import enOrgs from './en-US/orgs.json';
import zhCallbot from './zh-CN/callbot.json';
import enCallbot from './en-US/callbot.json';
import zhTracing from './zh-CN/tracing.json';
import enTracing from './en-US/tracing.json';

export const i18n = createAppI18n({
  'zh-CN': { auth: zhAuth, home: zhHome, codes: zhCodes, scan: zhScan, checkins: zhCheckins, daily: zhDaily, notices: zhNotices, travel: zhTravel, orgs: zhOrgs, callbot: zhCallbot, tracing: zhTracing },
  'en-US': { auth: enAuth, home: enHome, codes: enCodes, scan: enScan, checkins: enCheckins, daily: enDaily, notices: enNotices, travel: enTravel, orgs: enOrgs, callbot: enCallbot, tracing: enTracing },
});
