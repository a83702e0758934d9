// The bench's statistics: quantiles interpolate like numpy's default; ratios tolerate missing figures.
import { describe, expect, it } from 'vitest'
import { quantile, ratio, summarize } from '../../bench/stats.js'

describe('bench stats', () => {
  it('interpolates quantiles between neighbours', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5)
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75)
    expect(quantile([7], 0.75)).toBe(7)
    expect(quantile([], 0.5)).toBeNaN()
  })

  it('summarizes unsorted samples', () => {
    expect(summarize([5, 1, 3])).toEqual({ n: 3, median: 3, p25: 2, p75: 4, min: 1, max: 5 })
  })

  it('gives NaN for a ratio with a missing side', () => {
    expect(ratio(1, 4)).toBe(0.25)
    expect(ratio(1, 0)).toBeNaN()
    expect(ratio(Number.NaN, 2)).toBeNaN()
  })
})
