// The soak's output: latency per level and kind, outcomes by status, resources at start, after warm-up and end, and one PASS/FAIL line per target.
import { quantile } from './stats.js'

/** The service's resources at one moment, read from /proc and its temp dir. */
export interface Snapshot {
  rssMb: number
  fds: number
  tempEntries: number
}

export interface SoakFigures {
  minutes: number
  warmupS: number
  levels: number[]
  /** Latencies in ms by level, then by kind of request. */
  latency: Record<number, Record<string, number[]>>
  /** Outcomes by name: `ok`, `429 with Retry-After`, an HTTP status, `network (code)`, `200 unexpected report`. */
  outcomes: Record<string, number>
  start: Snapshot
  afterWarmup: Snapshot
  end: Snapshot
  /** Highest VmRSS seen by the 1 s sampler; the peak: the higher of it and the kernel's VmHWM. */
  peakSampledMb: number
  peakMb: number
}

/** The targets: errors other than 429 with Retry-After, RSS drift and peak, descriptors and temp files. */
export const TARGETS = { rssDriftMb: 20, peakMb: 150 }
export const ALLOWED = new Set(['ok', '429 with Retry-After'])

export interface Verdict {
  pass: boolean
  line: string
}

export function verdicts(f: SoakFigures): Verdict[] {
  const errors = Object.entries(f.outcomes).filter(([name]) => !ALLOWED.has(name))
  const errorCount = errors.reduce((sum, [, n]) => sum + n, 0)
  const drift = Math.round((f.end.rssMb - f.afterWarmup.rssMb) * 10) / 10
  const check = (pass: boolean, what: string, figure: string): Verdict => ({
    pass,
    line: `${pass ? 'PASS' : 'FAIL'}  ${what}: ${figure}`,
  })
  return [
    check(
      errorCount === 0,
      'no errors other than 429 with Retry-After',
      errorCount === 0 ? '0' : errors.map(([k, n]) => `${k} ×${n}`).join(', '),
    ),
    check(
      Math.abs(drift) <= TARGETS.rssDriftMb,
      `RSS at the end within ${TARGETS.rssDriftMb} MB of after warm-up`,
      `${signed(drift)} MB (${f.afterWarmup.rssMb} → ${f.end.rssMb})`,
    ),
    check(f.peakMb <= TARGETS.peakMb, `peak RSS at most ${TARGETS.peakMb} MB`, `${f.peakMb} MB`),
    check(f.end.fds <= f.start.fds, 'open fds back to their start', `${f.start.fds} → ${f.end.fds}`),
    check(
      f.end.tempEntries <= f.start.tempEntries,
      'temp files back to their start',
      `${f.start.tempEntries} → ${f.end.tempEntries}`,
    ),
  ]
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n))
const ms = (sorted: number[], q: number) => (sorted.length ? String(Math.round(quantile(sorted, q))) : '-')

/** Latency p50/p99 per level, overall and by kind; then outcomes and resources. */
export function soakTable(f: SoakFigures): string {
  const kinds = [...new Set(f.levels.flatMap((level) => Object.keys(f.latency[level] ?? {})))].sort()
  const head = ['level', 'requests', 'p50 ms', 'p99 ms', ...kinds.map((k) => `${k} p50/p99`)]
  const rows = f.levels.map((level) => {
    const byKind = f.latency[level] ?? {}
    const all = Object.values(byKind)
      .flat()
      .sort((a, b) => a - b)
    const perKind = kinds.map((k) => {
      const sorted = [...(byKind[k] ?? [])].sort((a, b) => a - b)
      return `${ms(sorted, 0.5)}/${ms(sorted, 0.99)}`
    })
    return [String(level), String(all.length), ms(all, 0.5), ms(all, 0.99), ...perKind]
  })
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ')
  const outcomes = Object.entries(f.outcomes)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ')
  const snap = (s: Snapshot) => `RSS ${s.rssMb} MB, ${s.fds} fds, ${s.tempEntries} temp entries`
  return [
    line(head),
    ...rows.map(line),
    '',
    `outcomes: ${outcomes || 'none'}`,
    `start:        ${snap(f.start)}`,
    `after warm-up: ${snap(f.afterWarmup)}`,
    `end:          ${snap(f.end)}`,
    `peak RSS: ${f.peakMb} MB (VmHWM or a 1 s sample, the higher; highest sample ${f.peakSampledMb} MB)`,
  ].join('\n')
}
