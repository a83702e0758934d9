// runFixJob(): a fix job's work. Preflight the media (`before`), plan the outputs from its findings and the
// targets' rules, make them in the job's folder (sharp, ffmpeg), and preflight them against the same targets
// (`after`). Cancel stops ffmpeg and removes what was written.
import { constants } from 'node:fs'
import { access, copyFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { targets as TARGETS, type TargetName } from '../../platforms/targets.js'
import type { FixJobInput, FixJobResult, FixOutput, FixRemaining, JobContext } from '../jobs/types.js'
import type { MediaInput } from '../pipeline/acquire.js'
import type { PreflightOptions } from '../pipeline/options.js'
import { withInstanceLimits } from '../pipeline/instance-limits.js'
import { preflight } from '../pipeline/preflight.js'
import type { TargetRules } from '../rule-types.js'
import type { ItemReport, Report } from '../pipeline/report.js'
import { afterReport, type AfterRun } from './after.js'
import { makeImage } from './make-image.js'
import { makeVideo } from './make-video.js'
import { outputName } from './names.js'
import { isMediaRule, planFix, type OutputPlan } from './plan.js'

/** Fixing cannot run here (no ffmpeg), or its disk budget is spent: the job fails with this message. */
export class FixUnavailableError extends Error {
  override name = 'FixUnavailableError'
}

// Progress, in thousandths: the checks before and after take a share each, the outputs the rest by their length.
const TOTAL = 1000
const CHECK_SHARE = 100

export async function runFixJob(input: FixJobInput, ctx: JobContext, options: PreflightOptions): Promise<FixJobResult> {
  const ffmpeg = options.ffmpeg
  if (!ffmpeg?.ffmpegPath) throw new FixUnavailableError('Fixing is not available: no ffmpeg (set FFMPEG_PATH).')
  const { request, strategy, allowTrim } = input
  const written: string[] = []
  const account = options.diskBudget?.account()
  const signal = ctx.signal
  try {
    ctx.progress(0, TOTAL)
    const keptAt = (index: number) => join(ctx.workDir, `source-${index}`)
    const before = await preflight(request, { ...options, signal, keep: keptAt })
    const sources = await Promise.all(
      request.media.map(async (media, index) => {
        if ('path' in media) return media.path
        const kept = keptAt(index)
        written.push(kept)
        return (await exists(kept)) ? kept : null
      }),
    )
    ctx.progress(CHECK_SHARE, TOTAL)
    const items = await Promise.all(before.items.map((item) => withAnimationLength(item, sources[item.index] ?? null)))
    const planTargets = await Promise.all(
      request.targets.map(async (name) => ({ name, rules: await rulesOf(name, request, options) })),
    )
    const plan = planFix({ ...before, items }, planTargets, { strategy, allowTrim, post: request.post ?? {} })
    const weights = plan.outputs.map((o) => (o.make.kind === 'video' ? Math.max(1, o.make.durationS) : 1))
    const weightTotal = weights.reduce((a, b) => a + b, 0) || 1
    let doneWeight = 0
    const outputs: FixOutput[] = []
    const taken = new Set<string>()
    for (const [n, out] of plan.outputs.entries()) {
      signal.throwIfAborted()
      const source = sources[out.item]
      const media = before.items[out.item]?.media
      if (!source || !media) continue
      const name = outputName(request.media[out.item]!, out, media, taken)
      const path = join(ctx.workDir, name.file)
      written.push(path)
      const share = (fraction: number) =>
        ctx.progress(
          CHECK_SHARE + Math.round(((TOTAL - 2 * CHECK_SHARE) * (doneWeight + fraction * weights[n]!)) / weightTotal),
          TOTAL,
        )
      reserve(account, out, media.sizeBytes)
      const made = await make(out, source, path, media.image?.format, share, ffmpeg, signal)
      outputs.push({
        item: out.item,
        targets: out.targets,
        mime: name.mime,
        bytes: made.bytes,
        file: name.file,
        commands: made.commands,
        ...(made.region ? { region: made.region } : {}),
      })
      doneWeight += weights[n]!
      share(0)
    }
    const after = await proveOutputs(request, before, outputs, sources, plan.remaining, ctx, options)
    ctx.progress(TOTAL, TOTAL)
    return { before, after, outputs, remaining: [...plan.remaining, ...uncured(after, plan.remaining)] }
  } catch (error) {
    await Promise.all(written.map((path) => rm(path, { force: true })))
    throw signal.aborted ? (signal.reason ?? error) : error
  } finally {
    account?.close()
  }
}

/**
 * What the fixed copies still fail that the plan did not expect to leave (a limit shape the planner does not
 * cure, an animation kept as it is): said in `remaining`, so that a fix never reads as a pass it is not.
 */
export function uncured(after: Report, planned: readonly FixRemaining[]): FixRemaining[] {
  const left: FixRemaining[] = []
  for (const result of after.results) {
    const target = result.target as TargetName
    const byItem = new Map<number, string[]>()
    for (const f of result.findings) {
      if (f.item === undefined || f.severity === 'info' || !isMediaRule(f.rule)) continue
      if (planned.some((r) => r.item === f.item && r.target === target)) continue
      byItem.set(f.item, [...(byItem.get(f.item) ?? []), `${f.rule} (${f.severity})`])
    }
    for (const [item, rules] of byItem)
      left.push({
        item,
        target,
        reason: 'not_cured',
        message: `The fixed copy still has ${rules.join(', ')}: fixing does not cure this here.`,
      })
  }
  return left
}

type Made = { bytes: number; commands: string[]; region?: FixOutput['region'] }

async function make(
  out: OutputPlan,
  source: string,
  path: string,
  imageFormat: string | undefined,
  share: (fraction: number) => void,
  ffmpeg: NonNullable<PreflightOptions['ffmpeg']>,
  signal: AbortSignal,
): Promise<Made> {
  const { make } = out
  if (make.kind === 'copy') {
    // A copy, never a hard link: the source may be the caller's own file, which an edit of the output must not change.
    await copyFile(source, path, constants.COPYFILE_FICLONE)
    return { bytes: (await stat(path)).size, commands: [] }
  }
  if (make.kind === 'image') return makeImage(make, source, path, signal)
  return makeVideo(make, {
    input: source,
    output: path,
    ...(make.from === 'animation' && imageFormat ? { imageFormat } : {}),
    ...(make.maxBytes !== undefined ? { maxBytes: make.maxBytes } : {}),
    ffmpeg,
    signal,
    onProgress: share,
  })
}

/** The outputs preflighted against the same targets: one run per distinct set of files the targets get. */
async function proveOutputs(
  request: FixJobInput['request'],
  before: Report,
  outputs: readonly FixOutput[],
  sources: readonly (string | null)[],
  remaining: FixJobResult['remaining'] & object,
  ctx: JobContext,
  options: PreflightOptions,
): Promise<Report> {
  const mediaFor = (target: TargetName): MediaInput[] =>
    request.media.map((original, item) => {
      const out = outputs.find((o) => o.item === item && o.targets.includes(target))
      const name = original.name ?? ('path' in original ? original.path : undefined)
      const named = <T extends MediaInput>(m: T): T => (name ? { ...m, name } : m)
      if (out) return named({ path: join(ctx.workDir, out.file) })
      const source = sources[item]
      return source ? named({ path: source }) : original
    })
  const runs: { targets: TargetName[]; media: MediaInput[] }[] = []
  for (const target of request.targets) {
    const media = mediaFor(target)
    const key = JSON.stringify(media)
    const run = runs.find((r) => JSON.stringify(r.media) === key)
    if (run) run.targets.push(target)
    else runs.push({ targets: [target], media })
  }
  const reports: AfterRun[] = []
  for (const run of runs) {
    ctx.signal.throwIfAborted()
    const report = await preflight(
      { ...request, media: run.media, targets: run.targets },
      { ...options, signal: ctx.signal },
    )
    reports.push({ targets: run.targets, report })
  }
  const fetched = new Set(request.media.flatMap((m, i) => ('url' in m && sources[i] ? [i] : [])))
  return afterReport(request.targets, reports, before, fetched, remaining)
}

/** A target's rules; Mastodon's with the named instance's limits (looked up for `before`: a cache hit). */
async function rulesOf(
  name: TargetName,
  request: FixJobInput['request'],
  options: PreflightOptions,
): Promise<TargetRules> {
  if (name !== 'mastodon' || !request.mastodonInstance) return TARGETS[name].rules
  return withInstanceLimits(TARGETS.mastodon, await options.instances.lookup(request.mastodonInstance)).target.rules
}

/** An animated image's facts with its length (the sum of its frame delays), which the probe does not give. */
async function withAnimationLength(item: ItemReport, path: string | null): Promise<ItemReport> {
  const media = item.media
  if (!path || !media?.image?.animated || media.durationS) return item
  const { delay } = await sharp(path, { animated: true })
    .metadata()
    .catch(() => ({ delay: undefined }))
  if (!delay?.length) return item
  // Browsers play a delay under 20 ms as 100 ms.
  const durationS = delay.reduce((sum, ms) => sum + (ms < 20 ? 100 : ms), 0) / 1000
  return { ...item, media: { ...media, durationS } }
}

function reserve(
  account: ReturnType<NonNullable<PreflightOptions['diskBudget']>['account']> | undefined,
  out: OutputPlan,
  sourceBytes: number,
): void {
  if (!account) return
  const make = out.make
  const bound =
    make.kind === 'copy'
      ? 0
      : make.kind === 'image'
        ? (make.maxBytes ?? make.frame.width * make.frame.height * 4)
        : make.rate.maxrate
          ? (make.rate.maxrate / 8) * (make.durationS + 2)
          : sourceBytes * 2
  if (!account.reserve(Math.ceil(bound))) {
    throw new FixUnavailableError("The service's temporary disk space is taken by work in progress; retry later.")
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path, constants.F_OK).then(
    () => true,
    () => false,
  )
}
