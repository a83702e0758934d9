// Exact ratio comparisons: w/h against a:b as integer inequalities, never rounded floats (§0.1, D3).
import type { Ratio } from '../src/limits.js'

/** w/h < a/b, i.e. b·w < a·h. */
export const narrowerThan = (width: number, height: number, r: Ratio): boolean => r.h * width < r.w * height

/** w/h > a/b, i.e. b·w > a·h. */
export const widerThan = (width: number, height: number, r: Ratio): boolean => r.h * width > r.w * height

/** |w/h − a/b| > tolerance, for "not the recommended ratio" notes where a tolerance is documented. */
export const farFrom = (width: number, height: number, r: Ratio, tolerance: number): boolean =>
  Math.abs(width / height - r.w / r.h) > tolerance
