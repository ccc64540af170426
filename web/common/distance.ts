/** A distance as people read it (both apps keep the words under checkins.distance): metres under a kilometre, else kilometres. */
export function distanceText(metres: number): { key: 'checkins.distance.m' | 'checkins.distance.km'; n: string } {
  if (metres < 1000) return { key: 'checkins.distance.m', n: String(Math.max(0, Math.round(metres / 10) * 10)) };
  const km = metres / 1000;
  return { key: 'checkins.distance.km', n: km >= 100 ? String(Math.round(km)) : km.toFixed(1) };
}
