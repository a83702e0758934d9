// An audit end to end: the assets not yet in the output checked, the outputs written from every record.
import type { PreflightOptions } from '../pipeline/options.js'
import type { TargetName } from '../../platforms/targets.js'
import type { Asset } from './assets.js'
import { readPrevious, writeOutput } from './outputs.js'
import { createProgress } from './progress.js'
import type { AuditRecord } from './records.js'
import { runAssets } from './run.js'
import { summarize, totals, type Totals } from './summary.js'
import { thumbnails, type ThumbnailAsset } from './thumbnails.js'

export interface AuditOptions {
  targets: TargetName[]
  outs: string[]
  concurrency: number
  resume: boolean
  csvBom?: boolean
  /** A target that does not take an asset's kind fails it (as in a single check) instead of being n/a. */
  strictKind?: boolean
  preflight: PreflightOptions
  signal: AbortSignal
  stderr: { isTTY?: boolean; columns?: number; write(text: string): unknown }
}

export interface AuditResult {
  totals: Totals
  checked: number
  skipped: number
  interrupted: boolean
  seconds: number
}

export async function audit(assets: readonly Asset[], options: AuditOptions): Promise<AuditResult> {
  const started = performance.now()
  const previous = options.resume
    ? await readPrevious(options.outs, options.targets, { strictKind: options.strictKind })
    : []
  const done = new Set(previous.map((r) => r.summary.asset))
  const todo = assets.filter((a) => !done.has(a.name))
  const fresh: AuditRecord[] = []
  const progress = createProgress(options.stderr, todo.length)
  await runAssets(todo, {
    targets: options.targets,
    concurrency: options.concurrency,
    preflight: options.preflight,
    signal: options.signal,
    onOutcome: (outcome) => {
      const summary = summarize(outcome, options.targets, { strictKind: options.strictKind })
      fresh.push({ outcome, summary })
      progress.done(summary)
    },
  })
  const interrupted = options.signal.aborted
  progress.end(interrupted)
  const records = ordered([...previous, ...fresh], assets)
  // Images as they are, videos by a poster frame; audio-only files have no picture.
  const kinds = new Map(records.map((r) => [r.summary.asset, r.summary.kind]))
  const pictured = assets.flatMap((a): ThumbnailAsset[] => {
    const kind = kinds.get(a.name)
    return kind === 'image' || kind === 'video' ? [{ ...a, kind }] : []
  })
  const generatedAt = new Date()
  const thumbs = options.outs.some((o) => /\.html?$/i.test(o))
    ? await thumbnails(pictured, options.concurrency)
    : new Map<string, string>()
  for (const out of options.outs)
    await writeOutput(out, {
      records,
      targets: options.targets,
      thumbnails: thumbs,
      generatedAt,
      csvBom: options.csvBom,
    })
  return {
    totals: totals(records.map((r) => r.summary)),
    checked: fresh.length,
    skipped: previous.length,
    interrupted,
    seconds: (performance.now() - started) / 1000,
  }
}

/** In the order of the asset list; records of assets no longer listed keep their place at the end. */
function ordered(records: AuditRecord[], assets: readonly Asset[]): AuditRecord[] {
  const rank = new Map(assets.map((a, i) => [a.name, i]))
  const at = (r: AuditRecord) => rank.get(r.summary.asset) ?? Number.MAX_SAFE_INTEGER
  return records.sort((a, b) => at(a) - at(b))
}
