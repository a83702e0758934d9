// npm run bench: preflight against what a user would script instead (curl + identify / ffprobe), side by side in one run.
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { availableParallelism, loadavg } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { TargetName } from '../platforms/targets.js'
import { curlFfprobe, curlIdentify } from './baseline.js'
import { cleanupAll, installExitHandlers, onCleanup, wasInterrupted } from './cleanup.js'
import { postJson, uploadFile, type Answer } from './client.js'
import { fixBench, fixTable } from './fix.js'
import { generateMedia, removePartials } from './media.js'
import { alternate, throughput, timed } from './measure.js'
import { spawnOrigin } from './origin.js'
import { ratioLine, ratiosOf, table, type Results } from './report.js'
import { startService, type Service } from './service.js'
import { stageTimes } from './stages.js'
import { summarize } from './stats.js'

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..') // dist/bench/run.js → the repository
const OUT = join(ROOT, 'bench/out')
// A run's token: the throughput phase's URLs never repeat those of an earlier run against the same origin.
const RUN = Date.now().toString(36)
const IMAGE_TARGETS: TargetName[] = ['instagram.feed', 'threads', 'mastodon']
const VIDEO_TARGETS: TargetName[] = ['instagram.reels', 'threads', 'mastodon']

const USAGE = `npm run bench -- [--json FILE] [--image-runs 40] [--video-runs 12] [--throughput-items 50]
  [--concurrency 8] [--throughput-rounds 5] [--quick-runs 3] [--stage-runs 10]
  [--skip-rss] [--skip-upload] [--keep-media] [--cpu-prof] [--server dist/src/server.js (another build, for A/B)]
  [--fix-runs 3] [--only-fix (the fix figures alone: no 300 MB or 1 GB files)]`

function options() {
  const { values } = parseArgs({
    options: {
      json: { type: 'string' },
      server: { type: 'string', default: join(ROOT, 'dist/src/server.js') },
      'image-runs': { type: 'string', default: '40' },
      'video-runs': { type: 'string', default: '12' },
      'throughput-items': { type: 'string', default: '50' },
      concurrency: { type: 'string', default: '8' },
      'throughput-rounds': { type: 'string', default: '5' },
      'quick-runs': { type: 'string', default: '3' },
      'stage-runs': { type: 'string', default: '10' },
      'skip-rss': { type: 'boolean', default: false },
      'skip-upload': { type: 'boolean', default: false },
      'keep-media': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      'fix-runs': { type: 'string', default: '3' },
      'only-fix': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  const count = (name: keyof typeof values) => {
    const n = Number(values[name])
    if (!Number.isInteger(n) || n < 0 || n > 10_000)
      throw new Error(`--${name} must be a whole number 0..10000\n${USAGE}`)
    return n
  }
  return {
    help: values.help,
    json: values.json,
    server: resolve(values.server),
    imageRuns: count('image-runs'),
    videoRuns: count('video-runs'),
    items: count('throughput-items'),
    concurrency: Math.max(1, count('concurrency')),
    rounds: count('throughput-rounds'),
    quickRuns: count('quick-runs'),
    stageRuns: count('stage-runs'),
    skipRss: values['skip-rss'],
    skipUpload: values['skip-upload'] || values['skip-rss'],
    keepMedia: values['keep-media'],
    cpuProf: values['cpu-prof'],
    fixRuns: count('fix-runs'),
    onlyFix: values['only-fix'],
  }
}

const log = (line: string) => console.error(`[bench] ${line}`)

/**
 * A preflight answer that is not a 200 report with probed media makes the figures meaningless: stop.
 * `downloads` collects the report's own download time (source.downloadMs), the in-service fetch stage.
 */
function expectMedia(kind: string, width: number, downloads: number[] = []) {
  return (answer: Answer) => {
    type Item = { media?: { kind?: string; width?: number } | null; source?: { downloadMs?: number | null } | null }
    const item = (answer.json as { items?: Item[] })?.items?.[0]
    if (answer.status !== 200 || item?.media?.kind !== kind || item.media.width !== width) {
      throw new Error(`unexpected preflight answer ${answer.status}: ${JSON.stringify(answer.json).slice(0, 400)}`)
    }
    if (typeof item.source?.downloadMs === 'number') downloads.push(item.source.downloadMs)
  }
}

async function main(): Promise<void> {
  const o = options()
  if (o.help) return void console.log(USAGE)
  installExitHandlers()
  const tmp = join(OUT, 'tmp')
  await mkdir(tmp, { recursive: true })
  onCleanup(() => rm(tmp, { recursive: true, force: true }))
  const mediaDir = join(OUT, 'media')
  // Registered before generating, so that Ctrl-C mid-encode leaves no half-written file either.
  onCleanup(() => (o.keepMedia ? removePartials(mediaDir) : rm(mediaDir, { recursive: true, force: true })))
  const media = await generateMedia(mediaDir, !o.skipUpload && !o.onlyFix, log, !o.onlyFix)
  if (o.onlyFix) return void console.log(`\n${fixTable(await fixBench(media, tmp, Math.max(1, o.fixRuns), log))}`)
  const origin = await spawnOrigin(media.dir)
  onCleanup(origin.close)
  const url = {
    image: origin.url(basename(media.image)),
    video: origin.url(basename(media.video)),
    big: origin.url(basename(media.big)),
  }
  const ffprobe = (createRequire(import.meta.url)('@ffprobe-installer/ffprobe') as { path: string }).path
  // One client sends hundreds of requests a minute here: the per-client rate limit is off (0) for the bench.
  const env = { PREFLIGHT_TMPDIR: tmp, PREFLIGHT_RATE_LIMIT: '0' }
  const profileDir = join(OUT, 'profiles')
  const nodeArgs = o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []

  const service = await startService({ serverScript: o.server, env, nodeArgs })
  const preflightOf =
    (body: object, check: (a: Answer) => void, timeoutMs = 60_000) =>
    () =>
      postJson(`${service.url}/v1/preflight`, body, timeoutMs).then(check)
  const served = { image: [] as number[], video: [] as number[] }
  const image = preflightOf({ url: url.image, targets: IMAGE_TARGETS }, expectMedia('image', 1080, served.image))
  const video = preflightOf({ url: url.video, targets: VIDEO_TARGETS }, expectMedia('video', 1080, served.video))
  const bigFull = preflightOf(
    { url: url.big, targets: VIDEO_TARGETS, depth: 'full' },
    expectMedia('video', 1080),
    180_000,
  )
  const bigQuick = preflightOf(
    { url: url.big, targets: VIDEO_TARGETS, depth: 'quick' },
    expectMedia('video', 1080),
    180_000,
  )
  const identify = (worker = 0) => curlIdentify(url.image, join(tmp, `baseline-${worker}.jpg`))
  const probeVideo = () => curlFfprobe(url.video, join(tmp, 'baseline.mp4'), ffprobe)

  log('warming up')
  if (!(await identify()).includes('1080x1350')) throw new Error('identify did not read the bench JPEG')
  if (!(await probeVideo()).includes('codec_name=h264')) throw new Error('ffprobe did not read the bench MP4')
  await alternate(3, image, identify)
  await alternate(2, video, probeVideo)

  served.image.length = served.video.length = 0

  log(`image latency: ${o.imageRuns} alternating pairs`)
  const imageTimes = await alternate(o.imageRuns, image, identify)
  const imageDownloads = served.image.splice(0)
  log(`video latency: ${o.videoRuns} alternating pairs`)
  const videoTimes = await alternate(o.videoRuns, video, probeVideo)
  log(`throughput: ${o.rounds} rounds of ${o.items} distinct photos at concurrency ${o.concurrency}`)
  const rates = { a: [] as number[], b: [] as number[] }
  // Each item is a photo neither side has seen: its own query string and its own bytes (the origin adds a
  // JPEG comment naming the query), as a user's photos are. The same URL every time would be a probe-cache
  // hit in the service (no sniff, no sharp), and that is not what a user checking new photos gets.
  const distinct = (side: string, round: number, i: number) => `${url.image}?distinct=${RUN}-${side}${round}-${i}`
  for (let round = 0; round < o.rounds; round++) {
    const photo = (i: number) =>
      preflightOf({ url: distinct('s', round, i), targets: IMAGE_TARGETS }, expectMedia('image', 1080))()
    const service = () => throughput(o.items, o.concurrency, (_, i) => photo(i)).then((r) => rates.a.push(r))
    const baseline = () =>
      throughput(o.items, o.concurrency, (w, i) =>
        curlIdentify(distinct('b', round, i), join(tmp, `baseline-${w}.jpg`)),
      ).then((r) => rates.b.push(r))
    await alternate(1, round % 2 ? baseline : service, round % 2 ? service : baseline)
  }
  log(`300 MB file: ${o.quickRuns} alternating quick/full pairs`)
  const quickTimes = await alternate(o.quickRuns, bigQuick, bigFull)
  await service.stop()
  if (o.cpuProf) log(`CPU profile written under ${profileDir}`)

  log(`per-stage timings in process: ${o.stageRuns} runs each`)
  const stages = o.stageRuns
    ? {
        image: await stageTimes(url.image, IMAGE_TARGETS, o.stageRuns, tmp),
        video: await stageTimes(url.video, VIDEO_TARGETS, o.stageRuns, tmp),
      }
    : null

  const rss: Results['rss'] = { idleMb: null, after300Mb: null, afterUploadMb: null }
  if (!o.skipRss) {
    log('peak RSS: a fresh service for a full-depth preflight of the 300 MB file')
    rss.after300Mb = await peakAfter(o.server, env, async (s) => {
      rss.idleMb = await s.peakRssMb()
      await postJson(`${s.url}/v1/preflight`, { url: url.big, targets: VIDEO_TARGETS }, 180_000).then(
        expectMedia('video', 1080),
      )
    })
  }
  if (!o.skipUpload) {
    log('peak RSS: a fresh service for a 1 GB upload')
    const ms = { upload: 0 }
    rss.afterUploadMb = await peakAfter(o.server, env, async (s) => {
      ms.upload = await timed(() =>
        uploadFile(`${s.url}/v1/preflight/file`, media.huge, { targets: VIDEO_TARGETS.join(',') }, 600_000).then(
          expectMedia('video', 1080),
        ),
      )
    })
    log(`1 GB upload + preflight took ${Math.round(ms.upload)} ms`)
  }

  const fix = o.fixRuns ? await fixBench(media, tmp, o.fixRuns, log) : null

  const results: Results = {
    imageLatency: { preflight: summarize(imageTimes.a), baseline: summarize(imageTimes.b) },
    videoLatency: { preflight: summarize(videoTimes.a), baseline: summarize(videoTimes.b) },
    throughput: { preflight: summarize(rates.a), baseline: summarize(rates.b) },
    quickVsFull: { preflight: summarize(quickTimes.a), baseline: summarize(quickTimes.b) },
    rss,
    servedDownload: { image: summarize(imageDownloads), video: summarize(served.video) },
    stages,
  }
  console.log(
    `\nnpm run bench on ${availableParallelism()} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  )
  console.log(table(results))
  console.log(`\n${ratioLine(results)}`)
  if (fix) console.log(`\n${fixTable(fix)}`)
  if (o.json) {
    const figures = {
      date: new Date().toISOString(),
      cores: availableParallelism(),
      options: o,
      results,
      ratios: ratiosOf(results),
      fix,
    }
    await writeFile(o.json, `${JSON.stringify(figures, null, 2)}\n`)
  }
}

/** Peak resident memory of a fresh service process after `work`: each figure has its own process. */
async function peakAfter(
  server: string,
  env: Record<string, string>,
  work: (s: Service) => Promise<void>,
): Promise<number> {
  const service = await startService({ serverScript: server, env })
  try {
    await work(service)
    return await service.peakRssMb()
  } finally {
    await service.stop()
  }
}

main()
  .catch((error: unknown) => {
    if (wasInterrupted()) return
    console.error(`bench failed: ${(error as Error).message}`)
    process.exitCode = 1
  })
  .finally(cleanupAll)
