/**
 * Every migration, by name, in order. Listed statically (not read from the folder at run time) so
 * the same list works under tsx, vitest and Node's own TypeScript support. A new migration adds a line.
 */
import type { Migration } from 'kysely';
import * as createFoundation from './2026_11_28_0000_create_foundation.ts';
import * as indexAccountRoles from './2026_11_28_0200_index_account_roles.ts';
import * as createTrustLists from './2026_11_28_0310_create_trust_lists.ts';
import * as createHealthCodeStatus from './2026_11_28_0320_create_health_code_status.ts';
import * as createCodeOverridesAndAppeals from './2026_11_28_0400_create_code_overrides_and_appeals.ts';
import * as createPrintedCodes from './2026_11_28_0410_create_printed_codes.ts';
import * as shortenCodeSubjects from './2026_11_28_0430_shorten_code_subjects.ts';
import * as addFalseDeclarationsToCodeOverrides from './2026_11_28_0440_add_false_declarations_to_code_overrides.ts';
import * as venuesRegistration from './2026_11_28_0500_venues_registration.ts';
import * as createCheckins from './2026_11_28_0510_create_checkins.ts';
import * as checkinWritePath from './2026_11_28_0520_checkin_write_path.ts';
import * as organisationMembers from './2026_11_28_0600_organisation_members.ts';
import * as orgDailyCheckins from './2026_11_28_0610_org_daily_checkins.ts';
import * as notices from './2026_11_28_0620_notices.ts';
import * as travelDeclarations from './2026_11_28_0640_travel_declarations.ts';
import * as returnToWork from './2026_11_28_0650_return_to_work.ts';
import * as systemNotices from './2026_11_28_0660_system_notices.ts';
import * as monitoringPlans from './2026_11_28_0670_monitoring_plans.ts';
import * as rosterImports from './2026_11_28_0680_roster_imports.ts';
import * as callbotCampaigns from './2026_11_28_0690_callbot_campaigns.ts';
import * as callbotResults from './2026_11_28_0700_callbot_results.ts';
import * as callbotSipChannel from './2026_11_28_0710_callbot_sip_channel.ts';
import * as checkinAutovacuumThrottle from './2026_11_28_0720_checkin_autovacuum_throttle.ts';
import * as tracing from './2026_11_28_0730_tracing.ts';
import * as tracingImports from './2026_11_28_0740_tracing_imports.ts';
import * as tracingExports from './2026_11_28_0750_tracing_exports.ts';
import * as tracingFailures from './2026_11_29_0760_tracing_failures.ts';
import * as feverClinics from './2026_11_29_0770_fever_clinics.ts';
import * as analyticsRollups from './2026_11_29_0780_analytics_rollups.ts';
import * as checkinRollups from './2026_11_29_0790_checkin_rollups.ts';
import * as followUpAndCallRollups from './2026_11_29_0800_follow_up_and_call_rollups.ts';
import * as colourRollupPerStatement from './2026_11_29_0810_colour_rollup_per_statement.ts';
import * as districtMapsAndMonitoredContacts from './2026_11_29_0820_district_maps_and_monitored_contacts.ts';

export const migrations: Record<string, Migration> = {
  '2026_11_28_0000_create_foundation': createFoundation,
  '2026_11_28_0200_index_account_roles': indexAccountRoles,
  '2026_11_28_0310_create_trust_lists': createTrustLists,
  '2026_11_28_0320_create_health_code_status': createHealthCodeStatus,
  '2026_11_28_0400_create_code_overrides_and_appeals': createCodeOverridesAndAppeals,
  '2026_11_28_0410_create_printed_codes': createPrintedCodes,
  '2026_11_28_0430_shorten_code_subjects': shortenCodeSubjects,
  '2026_11_28_0440_add_false_declarations_to_code_overrides': addFalseDeclarationsToCodeOverrides,
  '2026_11_28_0500_venues_registration': venuesRegistration,
  '2026_11_28_0510_create_checkins': createCheckins,
  '2026_11_28_0520_checkin_write_path': checkinWritePath,
  '2026_11_28_0600_organisation_members': organisationMembers,
  '2026_11_28_0610_org_daily_checkins': orgDailyCheckins,
  '2026_11_28_0620_notices': notices,
  '2026_11_28_0640_travel_declarations': travelDeclarations,
  '2026_11_28_0650_return_to_work': returnToWork,
  '2026_11_28_0660_system_notices': systemNotices,
  '2026_11_28_0670_monitoring_plans': monitoringPlans,
  '2026_11_28_0680_roster_imports': rosterImports,
  '2026_11_28_0690_callbot_campaigns': callbotCampaigns,
  '2026_11_28_0700_callbot_results': callbotResults,
  '2026_11_28_0710_callbot_sip_channel': callbotSipChannel,
  '2026_11_28_0720_checkin_autovacuum_throttle': checkinAutovacuumThrottle,
  '2026_11_28_0730_tracing': tracing,
  '2026_11_28_0740_tracing_imports': tracingImports,
  '2026_11_28_0750_tracing_exports': tracingExports,
  '2026_11_29_0760_tracing_failures': tracingFailures,
  '2026_11_29_0770_fever_clinics': feverClinics,
  '2026_11_29_0780_analytics_rollups': analyticsRollups,
  '2026_11_29_0790_checkin_rollups': checkinRollups,
  '2026_11_29_0800_follow_up_and_call_rollups': followUpAndCallRollups,
  '2026_11_29_0810_colour_rollup_per_statement': colourRollupPerStatement,
  '2026_11_29_0820_district_maps_and_monitored_contacts': districtMapsAndMonitoredContacts,
};
