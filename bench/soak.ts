// npm run soak: the built service under mixed image, video and carousel preflights for minutes, watched from /proc.
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, loadavg } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { TargetName } from '../platforms/targets.js'
import { cleanupAll, installExitHandlers, onCleanup, wasInterrupted } from './cleanup.js'
import { postJson, type Answer } from './client.js'
import { generateMedia } from './media.js'
import { spawnOrigin } from './origin.js'
import { countEntries, openFds, statusMb } from './proc.js'
import { soakTable, verdicts, type Snapshot, type SoakFigures } from './soak-report.js'
import { startService } from './service.js'

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..') // dist/bench/soak.js → the repository
const OUT = join(ROOT, 'bench/out/soak')
const USAGE = `npm run soak -- [--minutes 10] [--levels 8,16] [--warmup-s 30] [--json FILE]
  [--env KEY=VALUE ...] [--node-args=--flag ...] [--server dist/src/server.js] [--keep-media]
Mixed image, video and carousel preflights against the built service, --minutes split across the levels (concurrency),
after a warm-up at the first level; prints latency, outcomes, RSS, fds and temp files, and PASS/FAIL per target.`

// Each request has this long; the soak as a whole ends by its duration plus this, whatever happens.
const REQUEST_TIMEOUT_MS = 120_000
// The origin drops idle connections after this, and the service after its own 5 s: then descriptors can be compared.
const ORIGIN_KEEP_ALIVE_MS = 1_000
const SETTLE_MS = 6_500
const SAMPLE_MS = 1_000
// Generating the media (ffmpeg), starting the service and the snapshots' settling.
const SETUP_MS = 600_000

function options() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      levels: { type: 'string', default: '8,16' },
      'warmup-s': { type: 'string', default: '30' },
      json: { type: 'string' },
      env: { type: 'string', multiple: true, default: [] },
      'node-args': { type: 'string', default: '' },
      server: { type: 'string', default: join(ROOT, 'dist/src/server.js') },
      'keep-media': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  const minutes = Number(values.minutes)
  const warmupS = Number(values['warmup-s'])
  const levels = values.levels.split(',').map(Number)
  if (!(minutes > 0 && minutes <= 600)) throw new Error(`--minutes must be above 0 and at most 600\n${USAGE}`)
  if (!(warmupS >= 0 && warmupS <= 3_600)) throw new Error(`--warmup-s must be 0..3600\n${USAGE}`)
  if (!levels.every((n) => Number.isInteger(n) && n >= 1 && n <= 256))
    throw new Error(`--levels must be whole numbers 1..256\n${USAGE}`)
  const env = Object.fromEntries(
    values.env.map((pair) => {
      const at = pair.indexOf('=')
      if (at < 1) throw new Error(`--env takes KEY=VALUE, got ${pair}\n${USAGE}`)
      return [pair.slice(0, at), pair.slice(at + 1)]
    }),
  )
  return {
    help: values.help,
    minutes,
    warmupS,
    levels,
    env,
    nodeArgs: values['node-args'].split(' ').filter(Boolean),
    json: values.json,
    server: resolve(values.server),
    keepMedia: values['keep-media'],
  }
}

const log = (line: string) => console.error(`[soak] ${line}`)

interface Kind {
  name: string
  body: object
  /** The media kind each item must come back with. */
  items: string[]
}

/** A 200 report with every item probed as expected is `ok`; anything else is named by what went wrong. */
function outcomeOf(kind: Kind, answer: Answer): string {
  if (answer.status === 429) return answer.headers['retry-after'] ? '429 with Retry-After' : '429 without Retry-After'
  if (answer.status !== 200) return String(answer.status)
  const items = (answer.json as { items?: { media?: { kind?: string } | null }[] })?.items ?? []
  const kinds = items.map((item) => item.media?.kind ?? 'none')
  return kinds.join() === kind.items.join() ? 'ok' : '200 unexpected report'
}

async function main(): Promise<void> {
  const o = options()
  if (o.help) return void console.log(USAGE)
  installExitHandlers()
  // A hard stop however the run goes: the duration, the warm-up and a request's own bound, plus set-up time.
  const bound = (o.minutes * 60 + o.warmupS) * 1000 + REQUEST_TIMEOUT_MS + SETUP_MS
  setTimeout(() => {
    console.error('soak: past its time bound, stopping')
    void cleanupAll().finally(() => process.exit(1))
  }, bound).unref()
  const tmp = join(OUT, 'tmp')
  const mediaDir = join(OUT, 'media')
  await rm(tmp, { recursive: true, force: true })
  await mkdir(tmp, { recursive: true })
  onCleanup(() => rm(tmp, { recursive: true, force: true }))
  onCleanup(() => (o.keepMedia ? undefined : rm(mediaDir, { recursive: true, force: true })))
  const media = await generateMedia(mediaDir, false, log, false)
  const origin = await spawnOrigin(media.dir, 10_000, ORIGIN_KEEP_ALIVE_MS)
  onCleanup(origin.close)
  const image = origin.url(basename(media.image))
  const video = origin.url(basename(media.video))
  const targets = (...names: TargetName[]) => names
  const kinds: Kind[] = [
    {
      name: 'image',
      body: { url: image, targets: targets('instagram.feed', 'threads', 'mastodon') },
      items: ['image'],
    },
    {
      name: 'video',
      body: { url: video, targets: targets('instagram.reels', 'threads', 'mastodon') },
      items: ['video'],
    },
    { name: 'image', body: { url: image, targets: targets('instagram.stories', 'threads') }, items: ['image'] },
    {
      name: 'carousel',
      body: {
        media: [{ url: image }, { url: video }, { url: image }],
        targets: targets('instagram.carousel', 'threads'),
      },
      items: ['image', 'video', 'image'],
    },
  ]
  // One client sends everything: the per-client rate limit is off unless --env sets it.
  const service = await startService({
    serverScript: o.server,
    env: { PREFLIGHT_TMPDIR: tmp, PREFLIGHT_RATE_LIMIT: '0', ...o.env },
    nodeArgs: o.nodeArgs, // after the launch flags: a later V8 flag wins
  })
  const pid = service.pid
  const snapshot = async (): Promise<Snapshot> => ({
    rssMb: await statusMb(pid, 'VmRSS'),
    fds: await openFds(pid),
    tempEntries: await countEntries(tmp),
  })
  let peakSampledMb = 0
  const sampler = setInterval(() => {
    statusMb(pid, 'VmRSS').then(
      (mb) => (peakSampledMb = Math.max(peakSampledMb, mb)),
      () => undefined,
    )
  }, SAMPLE_MS)
  onCleanup(() => clearInterval(sampler))

  const latency: SoakFigures['latency'] = {}
  const outcomes: SoakFigures['outcomes'] = {}
  const run = async (level: number, seconds: number, record: boolean) => {
    const deadline = performance.now() + seconds * 1000
    const byKind: Record<string, number[]> = record ? (latency[level] ??= {}) : {}
    let next = 0
    const worker = async () => {
      while (performance.now() < deadline) {
        const kind = kinds[next++ % kinds.length] as Kind
        const started = performance.now()
        const outcome = await postJson(`${service.url}/v1/preflight`, kind.body, REQUEST_TIMEOUT_MS).then(
          (answer) => outcomeOf(kind, answer),
          (error: NodeJS.ErrnoException) => `network (${error.code ?? error.name})`,
        )
        if (!record) continue
        ;(byKind[kind.name] ??= []).push(performance.now() - started)
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
      }
    }
    await Promise.all(Array.from({ length: level }, worker))
  }
  const start = await settled(snapshot)
  log(`warm-up: ${o.warmupS} s at concurrency ${o.levels[0]}`)
  await run(o.levels[0] as number, o.warmupS, false)
  const afterWarmup = await settled(snapshot)
  const perLevelS = (o.minutes * 60) / o.levels.length
  for (const level of o.levels) {
    log(`${Math.round(perLevelS)} s at concurrency ${level}`)
    await run(level, perLevelS, true)
  }
  const end = await settled(snapshot)
  const { minutes, warmupS, levels } = o
  // The kernel updates VmHWM lazily (when memory is unmapped): a sample can be above it.
  const peakMb = Math.max(await service.peakRssMb(), peakSampledMb)
  const figures: SoakFigures = {
    minutes,
    warmupS,
    levels,
    latency,
    outcomes,
    start,
    afterWarmup,
    end,
    peakSampledMb,
    peakMb,
  }
  await service.stop()

  console.log(
    `\nnpm run soak: ${o.minutes} min at concurrency ${o.levels.join(', ')} after a ${o.warmupS} s warm-up; ${availableParallelism()} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  )
  console.log(soakTable(figures))
  const results = verdicts(figures)
  console.log(`\n${results.map((r) => r.line).join('\n')}`)
  const passed = results.filter((r) => r.pass).length
  console.log(`soak: ${passed === results.length ? 'PASS' : 'FAIL'} (${passed}/${results.length} targets)`)
  if (passed !== results.length) process.exitCode = 1
  if (o.json)
    await writeFile(
      o.json,
      `${JSON.stringify({ date: new Date().toISOString(), cores: availableParallelism(), options: o, figures, verdicts: results }, null, 2)}\n`,
    )
}

/** A snapshot once idle connections have closed (the origin's after 1 s, the service's after 5 s). */
async function settled(snapshot: () => Promise<Snapshot>): Promise<Snapshot> {
  await sleep(SETTLE_MS)
  return snapshot()
}

main()
  .catch((error: unknown) => {
    if (wasInterrupted()) return
    console.error(`soak failed: ${(error as Error).message}`)
    process.exitCode = 1
  })
  .finally(cleanupAll)
