// The bench's output: the side-by-side table, the per-stage table, and the one-line ratios against issue 10's targets.
import type { StageTimes } from './stages.js'
import { ratio, type Summary } from './stats.js'

export interface Pair {
  preflight: Summary
  baseline: Summary
}

export interface Results {
  imageLatency: Pair
  videoLatency: Pair
  /** Items per second, one sample per round. */
  throughput: Pair
  /** The 300 MB file: quick depth as `preflight`, full depth as `baseline`. */
  quickVsFull: Pair
  rss: { idleMb: number | null; after300Mb: number | null; afterUploadMb: number | null }
  /** The fetch stage inside the service, from each latency run's report (source.downloadMs). */
  servedDownload: { image: Summary; video: Summary }
  stages: { image: StageTimes; video: StageTimes } | null
}

export interface Ratios {
  ratio_video: number
  ratio_image: number
  throughput_ratio: number
  quick_gain: number
  peak_rss_mb: number
}

export function ratiosOf(r: Results): Ratios {
  const peaks = [r.rss.after300Mb, r.rss.afterUploadMb].filter((v): v is number => v !== null)
  return {
    ratio_video: ratio(r.videoLatency.preflight.median, r.videoLatency.baseline.median),
    ratio_image: ratio(r.imageLatency.preflight.median, r.imageLatency.baseline.median),
    throughput_ratio: ratio(r.throughput.preflight.median, r.throughput.baseline.median),
    quick_gain: ratio(r.quickVsFull.baseline.median, r.quickVsFull.preflight.median),
    peak_rss_mb: peaks.length ? Math.max(...peaks) : Number.NaN,
  }
}

export function table(r: Results): string {
  const q = ratiosOf(r)
  const rows: string[][] = [
    ['measure', 'preflight  median [p25-p75]', 'baseline  median [p25-p75]', 'ratio', 'target', 'met'],
    row('image latency, ms (curl+identify)', r.imageLatency, q.ratio_image, '<= 0.5', q.ratio_image <= 0.5),
    row('video latency, ms (curl+ffprobe)', r.videoLatency, q.ratio_video, '<= 0.7', q.ratio_video <= 0.7),
    row('distinct photos throughput, items/s (c=8)', r.throughput, q.throughput_ratio, '>= 3', q.throughput_ratio >= 3),
    row('300 MB: quick (left) vs full, ms', r.quickVsFull, q.quick_gain, '>= 20', q.quick_gain >= 20),
    single('peak RSS after 300 MB full, MB', r.rss.after300Mb),
    single('peak RSS after 1 GB upload, MB', r.rss.afterUploadMb),
    ['idle RSS of a fresh service, MB', fixed(r.rss.idleMb), '', '', '', ''],
  ]
  const lines = [grid(rows)]
  if (r.stages) lines.push('', stageTable(r))
  return lines.join('\n')
}

export function ratioLine(r: Results): string {
  return Object.entries(ratiosOf(r))
    .map(([k, v]) => `${k}=${fixed(v)}`)
    .join(' ')
}

function row(name: string, pair: Pair, value: number, target: string, met: boolean): string[] {
  return [name, spread(pair.preflight), spread(pair.baseline), fixed(value), target, met ? 'yes' : 'NO']
}

function single(name: string, mb: number | null): string[] {
  return [name, fixed(mb), '', '', '<= 150', mb === null ? '-' : mb <= 150 ? 'yes' : 'NO']
}

function stageTable(r: Results): string {
  const { image, video } = r.stages as NonNullable<Results['stages']>
  const served = r.servedDownload
  const rows = [
    ['stage (median ms)', 'image ~270 KB', 'video 20 MB'],
    [
      'service: whole request (latency above)',
      fixed(r.imageLatency.preflight.median),
      fixed(r.videoLatency.preflight.median),
    ],
    ['service: download (report source.downloadMs)', fixed(served.image.median), fixed(served.video.median)],
    [
      'service: the rest (sniff, probe, evaluate, HTTP)',
      fixed(r.imageLatency.preflight.median - served.image.median),
      fixed(r.videoLatency.preflight.median - served.video.median),
    ],
    ['in bench process: download (undici -> temp file)', fixed(image.download.median), fixed(video.download.median)],
    ['in bench process: sniff (file-type)', fixed(image.sniff.median), fixed(video.sniff.median)],
    ['in bench process: probe (sharp / moov reader)', fixed(image.probe.median), fixed(video.probe.median)],
    ['in bench process: the video probe by ffprobe instead', '-', fixed(video.ffprobe.median)],
    ['in bench process: decode proof (depth full)', fixed(image.decode.median), fixed(video.decode.median)],
    ['in bench process: preflight() whole', fixed(image.preflight.median), fixed(video.preflight.median)],
  ]
  return grid(rows)
}

function spread(s: Summary): string {
  return `${fixed(s.median)} [${fixed(s.p25)}-${fixed(s.p75)}]`
}

function fixed(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '-'
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)
}

function grid(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)))
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join(' | ')} |`
  return [line(rows[0] ?? []), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join(
    '\n',
  )
}
