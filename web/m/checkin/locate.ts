/**
 * The phone's position for the geofence check, if the resident allows it and it comes quickly.
 * Never blocks a check-in: refused, unavailable, insecure page (no geolocation on plain HTTP) or
 * slower than the timeout all mean "no location", and the check-in goes ahead without one.
 */
import type { ReportedLocation } from '../../../src/checkins/model.ts';

export const LOCATE_TIMEOUT_MS = 4000;
/** The server accepts accuracies up to 100 km. */
const MAX_ACCURACY_M = 100_000;

type GeolocationLike = Pick<Geolocation, 'getCurrentPosition'>;

export function locate(geolocation: GeolocationLike | undefined, timeoutMs = LOCATE_TIMEOUT_MS): Promise<ReportedLocation | null> {
  if (!geolocation) return Promise.resolve(null);
  return new Promise((resolve) => {
    let settled = false;
    const done = (value: ReportedLocation | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    // Our own timer too: the browser's timeout does not count the time a permission prompt stays open.
    const timer = setTimeout(() => done(null), timeoutMs);
    try {
      geolocation.getCurrentPosition(
        (position) => {
          const { latitude, longitude, accuracy } = position.coords;
          if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return done(null);
          done({ latitude, longitude, accuracyM: Math.min(Math.max(Number.isFinite(accuracy) ? accuracy : MAX_ACCURACY_M, 0), MAX_ACCURACY_M) });
        },
        () => done(null),
        { enableHighAccuracy: false, timeout: timeoutMs, maximumAge: 60_000 },
      );
    } catch {
      done(null);
    }
  });
}
