// Speed thresholds (PLATFORM-RULES.md §7.2, PF): slow warnings after a transfer, and the projection that stops one. Pure.
import type { RawFinding } from '../rule-types.js'

/** preflight's fetch heuristics; every number is configurable (src/config.ts). */
export interface FetchPolicy {
  slowTtfbMs: number
  minThroughputBps: number
  /** Throughput is judged only once the body has taken this long. */
  throughputAfterMs: number
  projectedWarnMs: number
  projectedStopMs: number
  redirectWarnAbove: number
  redirectMax: number
  expiryWindowS: number
  robotsTimeoutMs: number
  /** A Content-Encoding that inflates a body past this many times its wire size, and past the floor, stops decoding. */
  decodedRatioMax: number
  decodedFloorBytes: number
}

export interface Timing {
  ttfbMs: number
  bodyMs: number
  /** Body bytes on the wire so far, and the whole file's length when announced. */
  wire: number
  size: number | null
}

const throughputOf = ({ bodyMs, wire }: Timing): number => (bodyMs > 0 ? (wire * 1000) / bodyMs : Infinity)

/** TTFB + size / throughput, once the body has run long enough to measure; null before. */
export function projectedMs(t: Timing, policy: FetchPolicy): number | null {
  if (t.bodyMs < policy.throughputAfterMs || t.size === null || t.wire === 0) return null
  return Math.round(t.ttfbMs + (t.size * 1000) / throughputOf(t))
}

export function slowFindings(t: Timing, policy: FetchPolicy): RawFinding[] {
  const found: RawFinding[] = []
  const slow = (measure: 'ttfb' | 'throughput' | 'projected', value: number, limit: number): RawFinding => ({
    rule: 'fetch.slow',
    args: { measure, value, limit },
  })
  if (t.ttfbMs > policy.slowTtfbMs) found.push(slow('ttfb', t.ttfbMs, policy.slowTtfbMs))
  if (t.bodyMs >= policy.throughputAfterMs && throughputOf(t) < policy.minThroughputBps) {
    found.push(slow('throughput', throughputOf(t), policy.minThroughputBps))
  }
  const projected = projectedMs(t, policy)
  if (projected !== null && projected > policy.projectedWarnMs)
    found.push(slow('projected', projected, policy.projectedWarnMs))
  return found
}
