// Load on the built service over loopback, for what `npm run bench` does not show: CPU per request when every URL
// is new, and resident memory over minutes of mixed work. `npm run bench:load -- throughput|soak [options]`.
//   throughput: rounds of N image preflights at concurrency C, each URL with its own query string (and, unless
//     --same-bytes, its own bytes: no probe-cache hit), alternated with C parallel `curl → identify` workers over
//     the same URLs; items/s of both, and the service's CPU time per item (/proc/<pid>/stat utime + stime).
//   soak: mixed image, video and carousel preflights at each concurrency in turn, probe cache off by default;
//     VmRSS sampled every second: after the warm-up, at the end, and the peak.
import { constants } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, loadavg } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { TargetName } from '../platforms/targets.js'
import { curlIdentify } from './baseline.js'
import { cleanupAll, installExitHandlers, onCleanup, wasInterrupted } from './cleanup.js'
import { getJson, postJson, type Answer } from './client.js'
import { cpuByThread, cpuSeconds } from './proc.js'
import { generateImage, generateShortClip } from './media.js'
import { spawnOrigin, type Origin } from './origin.js'
import { startService, type Service } from './service.js'
import { summarize, type Summary } from './stats.js'

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..') // dist/bench/load.js → the repository
const OUT = join(ROOT, 'bench/out')
const SAMPLES = join(ROOT, 'samples')
// Small samples from samples/: a PNG and a WebP (sharp decodes them whole), a clip the moov reader answers,
// and one it leaves to ffprobe (interlaced), so the soak passes through every probe path.
const SAMPLE_FILES = ['square-1080.png', 'still-800x1000.webp', 'clip-360x640.mp4', 'video-interlaced.mp4']
const IMAGE_TARGETS: TargetName[] = ['instagram.feed', 'threads', 'mastodon']
const VIDEO_TARGETS: TargetName[] = ['instagram.reels', 'threads', 'mastodon']
const CAROUSEL_TARGETS: TargetName[] = ['instagram.carousel', 'threads', 'mastodon']

const USAGE = `npm run bench:load -- throughput [--items 50] [--concurrency 8] [--rounds 6] [--same-bytes] [--cache on|off] [--depth full|quick]
npm run bench:load -- soak [--seconds 240] [--warmup 20] [--concurrency 8,16] [--cache on|off]
  throughput: [--compare other/server.js] [--compare-env NAME=VALUE ...] (a second build or environment, measured in the same rounds: A/B)
  common: [--server dist/src/server.js] [--plain (that server as plain \`node server.js\`, without npm start's memory settings)] [--cpu-prof] [--node-args "--flag ..."] [--env NAME=VALUE ...] [--json FILE]`

const log = (line: string) => console.error(`[load] ${line}`)

function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      items: { type: 'string', default: '50' },
      concurrency: { type: 'string' },
      rounds: { type: 'string', default: '6' },
      seconds: { type: 'string', default: '240' },
      warmup: { type: 'string', default: '20' },
      cache: { type: 'string' },
      'same-bytes': { type: 'boolean', default: false },
      depth: { type: 'string', default: 'full' },
      server: { type: 'string', default: join(ROOT, 'dist/src/server.js') },
      compare: { type: 'string' },
      plain: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      'node-args': { type: 'string', default: '' },
      env: { type: 'string', multiple: true, default: [] },
      'compare-env': { type: 'string', multiple: true },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  })
  const mode = positionals[0]
  if (values.help || (mode !== 'throughput' && mode !== 'soak')) return null
  const whole = (name: string, text: string, max: number) => {
    const n = Number(text)
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new Error(`--${name} must be a whole number 1..${max}\n${USAGE}`)
    return n
  }
  const levels = (values.concurrency ?? (mode === 'soak' ? '8,16' : '8'))
    .split(',')
    .map((c) => whole('concurrency', c, 64))
  const pairs = (list: string[]) => {
    const env: Record<string, string> = {}
    for (const pair of list) {
      const at = pair.indexOf('=')
      if (at < 1) throw new Error(`--env and --compare-env take NAME=VALUE\n${USAGE}`)
      env[pair.slice(0, at)] = pair.slice(at + 1)
    }
    return env
  }
  const env = pairs(values.env)
  const cache = values.cache ?? (mode === 'soak' ? 'off' : 'on')
  if (cache !== 'on' && cache !== 'off') throw new Error(`--cache is on or off\n${USAGE}`)
  if (values.depth !== 'full' && values.depth !== 'quick') throw new Error(`--depth is full or quick\n${USAGE}`)
  return {
    mode,
    items: whole('items', values.items, 10_000),
    levels,
    rounds: whole('rounds', values.rounds, 100),
    seconds: whole('seconds', values.seconds, 3600),
    warmup: whole('warmup', values.warmup, 600),
    cache: cache === 'on',
    sameBytes: values['same-bytes'],
    depth: values.depth,
    server: resolve(values.server),
    plain: values.plain,
    compare: values.compare === undefined ? undefined : resolve(values.compare),
    cpuProf: values['cpu-prof'],
    nodeArgs: values['node-args'].split(' ').filter(Boolean),
    env,
    compareEnv: values['compare-env'] ? pairs(values['compare-env']) : undefined,
    json: values.json,
  }
}
type Options = NonNullable<ReturnType<typeof options>>

async function rssMb(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1]) / 1024
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') }
}

/** The service's own view of its memory (Node's metrics on /metrics): where the resident megabytes are. */
async function heapMb(base: string): Promise<Record<string, number>> {
  const answer = await getJson(`${base}/metrics`, 10_000)
  const text = typeof answer.json === 'string' ? answer.json : ''
  const value = (pattern: string) => round1(Number(new RegExp(`^${pattern} (\\S+)`, 'm').exec(text)?.[1]) / 1048576)
  return {
    heapTotal: value('nodejs_heap_size_total_bytes'),
    heapUsed: value('nodejs_heap_size_used_bytes'),
    newSpace: value('nodejs_heap_space_size_total_bytes\\{space="new"\\}'),
    oldSpace: value('nodejs_heap_space_size_total_bytes\\{space="old"\\}'),
    codeSpace: value('nodejs_heap_space_size_total_bytes\\{space="code"\\}'),
    external: value('nodejs_external_memory_bytes'),
  }
}

/** `count` calls of `fn(index, worker)`, `concurrency` at a time; the wall time in seconds. */
async function drive(
  count: number,
  concurrency: number,
  fn: (index: number, worker: number) => Promise<unknown>,
): Promise<number> {
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async (_, worker) => {
      while (next < count) await fn(next++, worker)
    }),
  )
  return (performance.now() - started) / 1000
}

/** Calls of `fn(index)`, `concurrency` at a time, until `seconds` have passed (calls in flight finish); the count. */
async function driveFor(
  seconds: number,
  concurrency: number,
  fn: (index: number) => Promise<unknown>,
): Promise<number> {
  let next = 0
  const until = performance.now() + seconds * 1000
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) await fn(next++)
    }),
  )
  return next
}

function expectReport(answer: Answer): void {
  type Item = { media?: { kind?: string } | null }
  const items = (answer.json as { items?: Item[] })?.items
  if (answer.status !== 200 || !items?.length || items.some((i) => !i.media?.kind || i.media.kind === 'unknown')) {
    throw new Error(`unexpected preflight answer ${answer.status}: ${JSON.stringify(answer.json).slice(0, 400)}`)
  }
}

async function prepareMedia(dir: string): Promise<{ photo: string; clip: string }> {
  const photo = basename(await generateImage(dir))
  const clip = basename(await generateShortClip(dir, 5))
  // Copied once (COPYFILE_EXCL): a run never rewrites a file another run's origin may be serving.
  await Promise.all(
    SAMPLE_FILES.map((name) =>
      copyFile(join(SAMPLES, name), join(dir, name), constants.COPYFILE_EXCL).catch(() => undefined),
    ),
  )
  return { photo, clip }
}

/** A run's token: URLs of one run never repeat those of another against the same service. */
const RUN = Date.now().toString(36)

async function throughputMode(o: Options, origin: Origin, photo: string, tmp: string) {
  const env = { PREFLIGHT_TMPDIR: tmp, PREFLIGHT_RATE_LIMIT: '0', PREFLIGHT_PROBE_CACHE: String(o.cache), ...o.env }
  const nodeArgs = [...o.nodeArgs, ...(o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(OUT, 'profiles')}`] : [])]
  const contenders = [
    { script: o.server, env, plain: o.plain },
    ...(o.compare || o.compareEnv
      ? [{ script: o.compare ?? o.server, env: { ...env, ...o.compareEnv }, plain: false }]
      : []),
  ]
  const services: Service[] = []
  for (const c of contenders)
    services.push(await startService({ serverScript: c.script, env: c.env, nodeArgs, plain: c.plain }))
  const concurrency = o.levels[0] as number
  // Every URL differs by its query string; by default its bytes differ too (a COM segment), unless --same-bytes.
  const urlOf = (phase: string, i: number) =>
    origin.url(photo) + (o.sameBytes ? `?n=${RUN}-${phase}-${i}` : `?distinct=${RUN}-${phase}-${i}`)
  const baseline = (phase: string) => (i: number, worker: number) =>
    curlIdentify(urlOf(phase, i), join(tmp, `baseline-${worker}.jpg`))
  const measured = services.map((service) => ({
    service,
    rates: [] as number[],
    cpuMsPerItem: [] as number[],
    peakRss: 0,
    idleRss: 0,
    threadsBefore: new Map<string, number>(),
  }))
  const baselineRates: number[] = []
  const baselineCpuMsPerItem: number[] = []
  const sampler = setInterval(() => {
    for (const m of measured)
      void rssMb(m.service.pid).then(
        ({ rss }) => (m.peakRss = Math.max(m.peakRss, rss)),
        () => undefined,
      )
  }, 200)
  try {
    const vs = o.compare ? ` and ${o.compare}` : ''
    log(
      `${o.rounds} rounds of ${o.items} image preflights at concurrency ${concurrency}: ${o.server}${vs}, alternated with curl → identify`,
    )
    for (const m of measured) {
      m.idleRss = (await rssMb(m.service.pid)).rss
      m.threadsBefore = await cpuByThread(m.service.pid)
    }
    for (let round = 0; round < o.rounds; round++) {
      const runs = measured.map((m, k) => async () => {
        const before = await cpuSeconds(m.service.pid)
        const preflight = (i: number) =>
          postJson(
            `${m.service.url}/v1/preflight`,
            { url: urlOf(`s${k}r${round}`, i), targets: IMAGE_TARGETS, depth: o.depth },
            60_000,
          ).then(expectReport)
        const seconds = await drive(o.items, concurrency, preflight)
        const after = await cpuSeconds(m.service.pid)
        m.rates.push(o.items / seconds)
        m.cpuMsPerItem.push(((after.own - before.own) * 1000) / o.items)
      })
      runs.push(async () => {
        // curl and identify are this process's children, waited for: their CPU lands in its cutime and cstime.
        const before = await cpuSeconds(process.pid)
        baselineRates.push(o.items / (await drive(o.items, concurrency, baseline(`b${round}`))))
        const after = await cpuSeconds(process.pid)
        baselineCpuMsPerItem.push(((after.children - before.children) * 1000) / o.items)
      })
      // Each round starts with the next contender, so none always runs first (or right after the baseline).
      for (let k = 0; k < runs.length; k++) await runs[(round + k) % runs.length]!()
      const shown = measured.map(
        (m, k) =>
          `${k ? 'compare' : 'service'} ${m.rates.at(-1)!.toFixed(0)}/s (${m.cpuMsPerItem.at(-1)!.toFixed(2)} ms CPU an item)`,
      )
      log(`round ${round + 1}: ${shown.join(', ')}, baseline ${baselineRates.at(-1)!.toFixed(0)}/s`)
    }
    const total = o.items * o.rounds
    const results = []
    for (const m of measured) {
      const { hwm } = await rssMb(m.service.pid)
      const threadsAfter = await cpuByThread(m.service.pid)
      const threadMsPerItem = Object.fromEntries(
        [...threadsAfter]
          .map(([name, s]) => [name, round2(((s - (m.threadsBefore.get(name) ?? 0)) * 1000) / total)])
          .filter(([, ms]) => (ms as number) > 0),
      )
      const ratios = m.rates.map((r, i) => r / (baselineRates[i] as number))
      results.push({
        server: m === measured[0] ? o.server : `${o.compare ?? o.server} ${JSON.stringify(o.compareEnv ?? {})}`,
        idleRssMb: round1(m.idleRss),
        peakRssMb: round1(Math.max(m.peakRss, hwm)),
        itemsPerS: summarize(m.rates),
        ratio: summarize(ratios),
        firstRound: { cpuMsPerItem: round2(m.cpuMsPerItem[0] as number), ratio: round2(ratios[0] as number) },
        cpuMsPerItem: summarize(m.cpuMsPerItem),
        // The CPU the baseline spends on an item over what the service spends: steadier than items/s on a busy machine.
        cpuCostRatio: round2(summarize(baselineCpuMsPerItem).median / summarize(m.cpuMsPerItem).median),
        threadMsPerItem,
      })
    }
    return {
      concurrency,
      items: o.items,
      sameBytes: o.sameBytes,
      cache: o.cache,
      baselineItemsPerS: summarize(baselineRates),
      baselineCpuMsPerItem: summarize(baselineCpuMsPerItem),
      services: results,
    }
  } finally {
    clearInterval(sampler)
    for (const service of services) await service.stop()
  }
}

async function soakMode(o: Options, origin: Origin, media: { photo: string; clip: string }, tmp: string) {
  const env = { PREFLIGHT_TMPDIR: tmp, PREFLIGHT_RATE_LIMIT: '0', PREFLIGHT_PROBE_CACHE: String(o.cache), ...o.env }
  const nodeArgs = [...o.nodeArgs, ...(o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(OUT, 'profiles')}`] : [])]
  const service = await startService({ serverScript: o.server, env, nodeArgs, plain: o.plain })
  const url = (name: string, i: number) =>
    origin.url(name) + (name.endsWith('.jpg') ? `?distinct=${RUN}-${i}` : `?n=${RUN}-${i}`)
  // One request in ten is a carousel of four; of the rest, images and videos alternate over the sample set.
  const singles: [string, TargetName[]][] = [
    [media.photo, IMAGE_TARGETS],
    ['clip-360x640.mp4', VIDEO_TARGETS],
    ['square-1080.png', IMAGE_TARGETS],
    [media.clip, VIDEO_TARGETS],
    ['still-800x1000.webp', IMAGE_TARGETS],
    ['video-interlaced.mp4', VIDEO_TARGETS],
  ]
  const request = (i: number) => {
    const body =
      i % 10 === 9
        ? {
            media: [media.photo, 'square-1080.png', 'clip-360x640.mp4', media.photo].map((n, k) => ({
              url: url(n, i * 4 + k),
            })),
            targets: CAROUSEL_TARGETS,
          }
        : (() => {
            const [name, targets] = singles[i % singles.length] as [string, TargetName[]]
            return { url: url(name, i), targets }
          })()
    return postJson(`${service.url}/v1/preflight`, body, 120_000).then(expectReport)
  }
  const samples: { t: number; rss: number; phase: string }[] = []
  let phase = 'warm-up'
  const started = performance.now()
  const sampler = setInterval(
    () =>
      void rssMb(service.pid).then(
        (m) => samples.push({ t: (performance.now() - started) / 1000, rss: m.rss, phase }),
        () => undefined,
      ),
    1000,
  )
  let offset = 0
  const counted = (i: number) => request(offset + i)
  try {
    const idle = await rssMb(service.pid)
    log(`warm-up: ${o.warmup} s at concurrency ${o.levels[0]}`)
    offset += await driveFor(o.warmup, o.levels[0] as number, counted)
    const afterWarmup = await rssMb(service.pid)
    const cpuBefore = await cpuSeconds(service.pid)
    let requests = 0
    const perLevel = Math.max(1, Math.round(o.seconds / o.levels.length))
    const phases: { concurrency: number; requests: number; perS: number; rssEndMb: number }[] = []
    for (const level of o.levels) {
      phase = `c=${level}`
      log(`${perLevel} s of mixed preflights at concurrency ${level}`)
      const n = await driveFor(perLevel, level, counted)
      offset += n
      requests += n
      phases.push({
        concurrency: level,
        requests: n,
        perS: round1(n / perLevel),
        rssEndMb: round1((await rssMb(service.pid)).rss),
      })
    }
    const cpuAfter = await cpuSeconds(service.pid)
    const end = await rssMb(service.pid)
    const heap = await heapMb(service.url)
    const measured = samples.filter((s) => s.phase !== 'warm-up').map((s) => s.rss)
    return {
      levels: o.levels,
      seconds: o.seconds,
      cache: o.cache,
      idleRssMb: round1(idle.rss),
      afterWarmupRssMb: round1(afterWarmup.rss),
      endRssMb: round1(end.rss),
      growthMb: round1(end.rss - afterWarmup.rss),
      peakRssMb: round1(end.hwm),
      peakAfterWarmupMb: round1(Math.max(...measured, end.rss)),
      measuredRss: summarize(measured),
      requests,
      phases,
      cpuMsPerRequest: round2(((cpuAfter.own - cpuBefore.own) * 1000) / requests),
      childCpuMsPerRequest: round2(((cpuAfter.children - cpuBefore.children) * 1000) / requests),
      heapAtEndMb: heap,
      rssEvery10s: samples.filter((_, i) => i % 10 === 0).map((s) => `${Math.round(s.t)}s:${Math.round(s.rss)}`),
    }
  } catch (error) {
    throw new Error(`${(error as Error).message}\nthe service's last lines:\n${service.logTail()}`)
  } finally {
    clearInterval(sampler)
    await service.stop()
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10
const round2 = (n: number) => Math.round(n * 100) / 100
const show = (s: Summary) => `${s.median.toFixed(2)} [${s.p25.toFixed(2)}-${s.p75.toFixed(2)}]`

async function main(): Promise<void> {
  const o = options()
  if (!o) return void console.log(USAGE)
  installExitHandlers()
  const dir = join(OUT, 'load')
  await mkdir(dir, { recursive: true })
  // Each run its own scratch root: another run's cleanup must not pull it from under this one's service.
  const tmp = await mkdtemp(join(dir, 'tmp-'))
  onCleanup(() => rm(tmp, { recursive: true, force: true })) // the media stay in bench/out/load/media for the next run
  const media = await prepareMedia(join(dir, 'media'))
  const origin = await spawnOrigin(join(dir, 'media'))
  onCleanup(origin.close)
  const load = `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${availableParallelism()} cores`
  const result =
    o.mode === 'throughput' ? await throughputMode(o, origin, media.photo, tmp) : await soakMode(o, origin, media, tmp)
  console.log(`\nnpm run bench:load -- ${o.mode}: ${load} at the start\n`)
  if ('services' in result) {
    console.log(`baseline items/s    ${show(result.baselineItemsPerS)}`)
    console.log(`baseline CPU ms/item ${show(result.baselineCpuMsPerItem)} (curl + identify processes)`)
    for (const r of result.services) {
      console.log(`\n${r.server}`)
      console.log(`  items/s             ${show(r.itemsPerS)}`)
      console.log(`  ratio (per round)   ${show(r.ratio)}   first round ${r.firstRound.ratio}`)
      console.log(
        `  CPU ms/item         ${show(r.cpuMsPerItem)}   first round ${r.firstRound.cpuMsPerItem}   baseline/service CPU ${r.cpuCostRatio}`,
      )
      console.log(
        `  CPU ms/item by thread, all rounds: ${Object.entries(r.threadMsPerItem)
          .map(([n, ms]) => `${n} ${ms}`)
          .join(', ')}`,
      )
      console.log(`  RSS idle ${r.idleRssMb} MB, peak ${r.peakRssMb} MB`)
    }
  } else {
    console.log(
      `RSS idle ${result.idleRssMb} MB, after warm-up ${result.afterWarmupRssMb} MB, end ${result.endRssMb} MB (growth ${result.growthMb} MB), peak ${result.peakRssMb} MB`,
    )
    console.log(
      `requests ${result.requests} (${result.phases.map((p) => `c=${p.concurrency}: ${p.perS}/s, RSS ${p.rssEndMb} MB`).join('; ')})`,
    )
    console.log(`service CPU ms/request ${result.cpuMsPerRequest} (+ ffprobe ${result.childCpuMsPerRequest})`)
    console.log(
      `at the end, MB: ${Object.entries(result.heapAtEndMb)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    )
    console.log(`RSS every 10 s: ${result.rssEvery10s.join(' ')}`)
  }
  if (o.json)
    await writeFile(o.json, `${JSON.stringify({ date: new Date().toISOString(), options: o, result }, null, 2)}\n`)
}

main()
  .catch((error: unknown) => {
    if (wasInterrupted()) return
    console.error(`load failed: ${(error as Error).message}`)
    process.exitCode = 1
  })
  .finally(cleanupAll)
