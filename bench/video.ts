// npm run bench:video: full-depth video latency of the 30 s 1080x1920 clip against `curl → ffprobe`, with up to
// two service settings measured in the same alternated runs (A/B), and each one's CPU per video, for the one
// figure `npm run bench` takes longest to show: `npm run bench:video -- [--runs 20] [--b-node-args "--flag"] [--b-env N=V]`.
import { createRequire } from 'node:module'
import { mkdir, rm } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { TargetName } from '../platforms/targets.js'
import { curlFfprobe, run } from './baseline.js'
import { cleanupAll, installExitHandlers, onCleanup } from './cleanup.js'
import { postJson } from './client.js'
import { timed } from './measure.js'
import { generateMedia } from './media.js'
import { spawnOrigin } from './origin.js'
import { cpuByThread, cpuSeconds } from './proc.js'
import { startService, type Service } from './service.js'
import { summarize } from './stats.js'

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..')
const OUT = join(ROOT, 'bench/out')
const TARGETS: TargetName[] = ['instagram.reels', 'threads', 'mastodon']

/** CPU ms the service has used so far, with its waited-for children's. */
async function cpuMs(pid: number): Promise<number> {
  const { own, children } = await cpuSeconds(pid)
  return (own + children) * 1000
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '20' },
      'a-node-args': { type: 'string', default: '' },
      'b-node-args': { type: 'string' },
      'a-env': { type: 'string', multiple: true, default: [] },
      'b-env': { type: 'string', multiple: true },
      server: { type: 'string', default: join(ROOT, 'dist/src/server.js') },
    },
  })
  installExitHandlers()
  const envOf = (list: string[]) =>
    Object.fromEntries(list.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]))
  const tmp = join(OUT, 'tmp-video')
  await mkdir(tmp, { recursive: true })
  onCleanup(() => rm(tmp, { recursive: true, force: true }))
  const media = await generateMedia(join(OUT, 'media'), false, (l) => console.error(`[video] ${l}`), false)
  const origin = await spawnOrigin(media.dir)
  onCleanup(origin.close)
  const url = origin.url(basename(media.video))
  const ffprobe = (createRequire(import.meta.url)('@ffprobe-installer/ffprobe') as { path: string }).path
  const base = { PREFLIGHT_TMPDIR: tmp, PREFLIGHT_RATE_LIMIT: '0' }
  const sides: {
    name: string
    service: Service
    times: number[]
    cpu: number[]
    threads: Map<string, number>
  }[] = []
  const settings = [{ name: 'A', args: values['a-node-args'], env: values['a-env'] }]
  if (values['b-node-args'] !== undefined || values['b-env'])
    settings.push({ name: 'B', args: values['b-node-args'] ?? '', env: values['b-env'] ?? [] })
  for (const s of settings) {
    const service = await startService({
      serverScript: values.server,
      env: { ...base, ...envOf(s.env) },
      nodeArgs: s.args.split(' ').filter(Boolean),
    })
    sides.push({
      name: `${s.name} ${s.args} ${s.env.join(' ')}`.trim(),
      service,
      times: [],
      cpu: [],
      threads: new Map(),
    })
  }
  const baseline: number[] = []
  const curlOnly: number[] = []
  const video = (s: Service) => postJson(`${s.url}/v1/preflight`, { url, targets: TARGETS }, 60_000)
  for (const s of sides) for (let i = 0; i < 3; i++) await video(s.service)
  const runs = Number(values.runs)
  for (const s of sides) s.threads = await cpuByThread(s.service.pid)
  for (let i = 0; i < runs; i++) {
    for (const s of sides) {
      const before = await cpuMs(s.service.pid)
      s.times.push(await timed(() => video(s.service)))
      s.cpu.push((await cpuMs(s.service.pid)) - before)
    }
    baseline.push(await timed(() => curlFfprobe(url, join(tmp, 'b.mp4'), ffprobe)))
    curlOnly.push(await timed(() => run('curl', ['-s', '-o', join(tmp, 'c.mp4'), url])))
  }
  const b = summarize(baseline).median
  const c = summarize(curlOnly).median
  // The service must receive every byte, as curl does, from an origin that sends no faster to it: a service that
  // did nothing once the last byte landed would be at about this ratio.
  console.log(
    `curl → ffprobe: ${b.toFixed(1)} ms (curl alone ${c.toFixed(1)} ms: the download's floor is ${(c / b).toFixed(2)}x)`,
  )
  for (const s of sides) {
    const m = summarize(s.times)
    console.log(
      `${s.name}: ${m.median.toFixed(1)} ms [${m.p25.toFixed(1)}-${m.p75.toFixed(1)}] = ${(m.median / b).toFixed(2)}x, CPU ${(s.cpu.reduce((a, c) => a + c, 0) / s.cpu.length).toFixed(1)} ms a video (mean)`,
    )
    const after = await cpuByThread(s.service.pid)
    const by = [...after].map(([n, sec]) => `${n} ${(((sec - (s.threads.get(n) ?? 0)) * 1000) / runs).toFixed(1)}`)
    console.log(`  by thread, ms a video: ${by.filter((t) => !t.endsWith(' 0.0')).join(', ')}`)
    await s.service.stop()
  }
}

main()
  .catch((error: unknown) => {
    console.error(`bench:video failed: ${(error as Error).message}`)
    process.exitCode = 1
  })
  .finally(() => void cleanupAll())
