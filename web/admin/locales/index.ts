/** The console's messages, one file per capability (style habit 10). */
import { createAppI18n } from '../../common/i18n.ts';
import zhAuth from './zh-CN/auth.json';
import enAuth from './en-US/auth.json';
import zhLayout from './zh-CN/layout.json';
import enLayout from './en-US/layout.json';
import zhOverview from './zh-CN/overview.json';
import enOverview from './en-US/overview.json';
import zhSms from './zh-CN/sms.json';
import enSms from './en-US/sms.json';
import zhCodes from './zh-CN/codes.json';
import enCodes from './en-US/codes.json';
import zhVenues from './zh-CN/venues.json';
import enVenues from './en-US/venues.json';
import zhCheckins from './zh-CN/checkins.json';
import enCheckins from './en-US/checkins.json';
import zhDaily from './zh-CN/daily.json';
import enDaily from './en-US/daily.json';
import zhNotices from './zh-CN/notices.json';
import enNotices from './en-US/notices.json';
import zhOrgs from './zh-CN/orgs.json';
import enOrgs from './en-US/orgs.json';
import zhTravel from './zh-CN/travel.json';
import enTravel from './en-US/travel.json';
import zhResumption from './zh-CN/resumption.json';
import enResumption from './en-US/resumption.json';
import zhMonitoring from './zh-CN/monitoring.json';
import enMonitoring from './en-US/monitoring.json';
import zhCallbot from './zh-CN/callbot.json';
import enCallbot from './en-US/callbot.json';
import zhTracing from './zh-CN/tracing.json';
import enTracing from './en-US/tracing.json';
import zhClinics from './zh-CN/clinics.json';
import enClinics from './en-US/clinics.json';
import zhDashboard from './zh-CN/dashboard.json';
import enDashboard from './en-US/dashboard.json';

export const i18n = createAppI18n({
  'zh-CN': { auth: zhAuth, layout: zhLayout, overview: zhOverview, sms: zhSms, codes: zhCodes, venues: zhVenues, checkins: zhCheckins, daily: zhDaily, notices: zhNotices, orgs: zhOrgs, travel: zhTravel, resumption: zhResumption, monitoring: zhMonitoring, callbot: zhCallbot, tracing: zhTracing, clinics: zhClinics, dashboard: zhDashboard },
  'en-US': { auth: enAuth, layout: enLayout, overview: enOverview, sms: enSms, codes: enCodes, venues: enVenues, checkins: enCheckins, daily: enDaily, notices: enNotices, orgs: enOrgs, travel: enTravel, resumption: enResumption, monitoring: enMonitoring, callbot: enCallbot, tracing: enTracing, clinics: enClinics, dashboard: enDashboard },
});
