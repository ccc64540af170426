/** Bounds checks of settings and inputs, pure: whether an unknown value is a number within `{ min, max }` (both included). */

export interface NumberRange {
  min: number;
  max: number;
}

/** A finite number from `range.min` to `range.max`. */
export const inRange = (value: unknown, range: NumberRange): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= range.min && value <= range.max;

/** A whole number from `range.min` to `range.max`. */
export const integerInRange = (value: unknown, range: NumberRange): value is number => inRange(value, range) && Number.isInteger(value);
