// Exact ratio comparisons: w/h against a:b as integer inequalities, never rounded floats (§0.1, D3).
import type { Ratio } from '../src/limits.js'

/** w/h < a/b, i.e. b·w < a·h. */
export const narrowerThan = (width: number, height: number, r: Ratio): boolean => r.h * width < r.w * height

/** w/h > a/b, i.e. b·w > a·h. */
export const widerThan = (width: number, height: number, r: Ratio): boolean => r.h * width > r.w * height

/** |w/h − a/b| > tolerance, for "not the recommended ratio" notes where a tolerance is documented. */
export const farFrom = (width: number, height: number, r: Ratio, tolerance: number): boolean =>
  Math.abs(width / height - r.w / r.h) > tolerance

/** |w/h − w₀/h₀| > percent % of w₀/h₀, as 100·|w·h₀ − w₀·h| > percent·w₀·h (exact for integer sizes). */
export const differsFrom = (width: number, height: number, first: { width: number; height: number }, percent: number): boolean =>
  100 * Math.abs(width * first.height - first.width * height) > percent * first.width * height
