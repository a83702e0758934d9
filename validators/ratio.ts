// Exact ratio comparisons: w/h against a:b as integer inequalities, never rounded floats (§0.1, D3).
import type { MediaFacts } from '../src/facts.js'
import type { Ratio } from '../src/limits.js'

/** w/h < a/b, i.e. b·w < a·h. */
export const narrowerThan = (width: number, height: number, r: Ratio): boolean => r.h * width < r.w * height

/** w/h > a/b, i.e. b·w > a·h. */
export const widerThan = (width: number, height: number, r: Ratio): boolean => r.h * width > r.w * height

/** |w/h − a/b| > tolerance, for "not the recommended ratio" notes where a tolerance is documented. */
export const farFrom = (width: number, height: number, r: Ratio, tolerance: number): boolean =>
  Math.abs(width / height - r.w / r.h) > tolerance

/** The displayed shape in square pixels: a video's sample aspect ratio stretches its width (§0.1). */
export function displayShape(media: MediaFacts | null | undefined): Ratio | null {
  if (!media?.width || !media.height) return null
  const sar = media.video?.sampleAspect ?? { num: 1, den: 1 }
  return { w: media.width * sar.num, h: media.height * sar.den }
}

/** |r − r₀| > percent % of r₀, multiplied out to integers: 100·|w·h₀ − w₀·h| > percent·w₀·h. */
export const differsFrom = (own: Ratio, first: Ratio, percent: number): boolean =>
  100 * Math.abs(own.w * first.h - first.w * own.h) > percent * first.w * own.h
