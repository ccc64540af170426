/**
 * Posters and screen codes of a venue. A static poster (and its PNG/SVG) is for the venue's
 * managers, once the venue is approved and uses static codes; the daily screen code is for
 * anyone who may view the venue (its guards put the screen up at the gate).
 */
import type { Actor } from '../kernel/access.ts';
import { DAY_MS, shanghaiDay, startOfShanghaiDay } from '../kernel/time.ts';
import { regionNames } from '../regions/service.ts';
import { requireVenueRelation } from './access.ts';
import { venueFail } from './errors.ts';
import { DAILY_GRACE_MINUTES, type Venue } from './model.ts';
import { qrPng, qrSvg, renderPoster, renderScreen, venueUrl } from './poster.ts';
import type { VenueDeps } from './service.ts';
import { issueVenueToken, venueDayNumber } from './token.ts';

export interface PosterDeps extends VenueDeps {
  config: { publicBaseUrl: string };
}

async function requireStaticVenue(deps: PosterDeps, actor: Actor | undefined, id: string): Promise<Venue> {
  const { venue } = await requireVenueRelation(deps.db, actor, id, 'manage');
  if (venue.status !== 'approved') throw venueFail('VENUE_NOT_ACTIVE', { status: venue.status });
  if (venue.codeMode === 'daily') throw venueFail('VENUE_DAILY_ONLY');
  return venue;
}

const posterUrlOf = (deps: PosterDeps, venue: Venue) => venueUrl(deps.config.publicBaseUrl, issueVenueToken(deps.keyring, { venueId: venue.id, tokenVersion: venue.tokenVersion }));

/**
 * What every venue code of this installation starts with: `<public URL>/v/` (posters and screen
 * codes alike). Public — it is printed on every poster; the resident app's scanner uses it to tell
 * this installation's venue codes from any other QR.
 */
export function venueLinkBase(deps: Pick<PosterDeps, 'config'>): { url: string } {
  return { url: venueUrl(deps.config.publicBaseUrl, '') };
}

/** The poster's URL (what its QR holds), for the console to show and copy. */
export async function venuePosterLink(deps: PosterDeps, actor: Actor | undefined, id: string): Promise<{ url: string; tokenVersion: number }> {
  const venue = await requireStaticVenue(deps, actor, id);
  return { url: posterUrlOf(deps, venue), tokenVersion: venue.tokenVersion };
}

export async function renderVenuePoster(deps: PosterDeps, actor: Actor | undefined, id: string): Promise<string> {
  const venue = await requireStaticVenue(deps, actor, id);
  const regionName = (await regionNames(deps.db, [venue.regionCode])).get(venue.regionCode) ?? venue.regionCode;
  return renderPoster({ url: posterUrlOf(deps, venue), name: venue.name, kind: venue.kind, number: venue.number, regionName, address: venue.address });
}

export async function venueQr(deps: PosterDeps, actor: Actor | undefined, id: string, format: 'png' | 'svg'): Promise<{ body: Buffer | string; number: string }> {
  const venue = await requireStaticVenue(deps, actor, id);
  const url = posterUrlOf(deps, venue);
  return { body: format === 'png' ? await qrPng(url) : await qrSvg(url), number: venue.number };
}

export interface ScreenCode {
  token: string;
  url: string;
  /** The Shanghai day it is good for (and the first minutes of the next). */
  day: string;
  validUntil: Date;
  /** When a screen should fetch the next code: just after midnight. */
  refreshAt: Date;
}

export async function currentScreenCode(deps: PosterDeps, actor: Actor | undefined, id: string): Promise<ScreenCode & { venue: Venue }> {
  const { venue } = await requireVenueRelation(deps.db, actor, id, 'view');
  if (venue.status !== 'approved') throw venueFail('VENUE_NOT_ACTIVE', { status: venue.status });
  if (venue.codeMode !== 'daily') throw venueFail('VENUE_NOT_DAILY');
  const now = deps.clock.now();
  const day = shanghaiDay(now);
  const nextMidnight = startOfShanghaiDay(day).getTime() + DAY_MS;
  const token = issueVenueToken(deps.keyring, { venueId: venue.id, tokenVersion: venue.tokenVersion, day: venueDayNumber(now) });
  return {
    venue, token, url: venueUrl(deps.config.publicBaseUrl, token), day,
    validUntil: new Date(nextMidnight + DAILY_GRACE_MINUTES * 60_000), refreshAt: new Date(nextMidnight + 5_000),
  };
}

/** The full-screen page; it reloads just after midnight, and at least hourly (a suspension or rotation shows within the hour). */
export async function renderVenueScreen(deps: PosterDeps, actor: Actor | undefined, id: string): Promise<string> {
  const code = await currentScreenCode(deps, actor, id);
  const refreshSeconds = Math.min(3600, (code.refreshAt.getTime() - deps.clock.now().getTime()) / 1000);
  return renderScreen({ url: code.url, name: code.venue.name, number: code.venue.number, day: code.day, refreshSeconds });
}
