// Audit throughput: assets per second for images and short videos by concurrency, cache off, cold and warm.
// `npm run bench:audit`. The assets (samples made distinct by a trailer) live in a temp dir, removed after.
// Usage: npm run bench:audit -- [--images 500] [--videos 50] [--concurrency 1,2,4]
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { findAssets } from '../src/audit/assets.js'
import { audit } from '../src/audit/audit.js'
import { loadConfig } from '../src/config.js'
import { preflightOptions, type PreflightOptions } from '../src/pipeline/options.js'
import type { TargetName } from '../platforms/targets.js'

const SAMPLES = join(fileURLToPath(import.meta.url), '../../../samples') // dist/bench/ → the repository's samples
const IMAGES = [
  'feed-ok-1080x1350.jpg',
  'tall-1080x1920.jpg',
  'wide-2000x1000.jpg',
  'large-2048x1536.jpg',
  'cmyk-800x1000.jpg',
  'phone-portrait-exif6.jpg',
]
const VIDEO = 'clip-360x640.mp4'

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '500' },
    videos: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '1,2,4' },
  },
})
const levels = values.concurrency.split(',').map(Number)
const root = await mkdtemp(join(tmpdir(), 'preflight-bench-audit-'))
const cleanup = () => rm(root, { recursive: true, force: true })
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)))

try {
  await generate(join(root, 'images'), Number(values.images), IMAGES, jpegTrailer)
  await generate(join(root, 'videos'), Number(values.videos), [VIDEO], mp4FreeBox)
  const config = loadConfig({ ...process.env, PREFLIGHT_PROBE_CACHE: 'true' })
  const quiet = { isTTY: false, write: () => true }
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores`,
  )
  console.log(
    'set      concurrency  cache off     first pass (cold cache)   second pass (warm cache)   copies (hash hits)         gain',
  )
  for (const set of ['images', 'videos'] as const) {
    const assets = await findAssets(join(root, set), { maxDepth: 1, concurrency: 4 })
    const targets: TargetName[] =
      set === 'images' ? ['instagram.feed', 'threads', 'mastodon'] : ['instagram.reels', 'threads', 'mastodon']
    for (const concurrency of levels) {
      const { probeCache: _none, ...uncached } = preflightOptions(config)
      const options = preflightOptions(config) // a fresh probe cache per level, shared by its two passes
      const pass = async (name: string, preflight: PreflightOptions = options, list = assets): Promise<Pass> => {
        const out = join(root, `${set}-${concurrency}-${name}.json`)
        const result = await audit(list, {
          targets,
          outs: [out],
          concurrency,
          resume: false,
          preflight,
          signal: new AbortController().signal,
          stderr: quiet,
        })
        const report = JSON.parse(await readFile(out, 'utf8')) as {
          assets: { report?: { items: { cache: string }[] } }[]
        }
        const hits = report.assets.filter((a) => a.report?.items[0]?.cache === 'hit').length
        return { rate: result.checked / result.seconds, hits, n: result.checked }
      }
      const off = await pass('off', uncached)
      const cold = await pass('cold')
      const warm = await pass('warm')
      // The same bytes under other paths: hits by content hash (read and hashed), not by file stat.
      const copies = join(root, `${set}-copies`)
      await cp(join(root, set), copies, { recursive: true })
      const byHash = await pass('copies', options, await findAssets(copies, { maxDepth: 1, concurrency: 4 }))
      await rm(copies, { recursive: true, force: true })
      const cell = (p: Pass) => `${p.rate.toFixed(1).padStart(7)}/s (${p.hits}/${p.n} hits)`
      console.log(
        `${set.padEnd(8)} ${String(concurrency).padStart(11)}  ${`${off.rate.toFixed(1)}/s`.padStart(9)}     ${cell(cold).padEnd(24)}  ${cell(warm).padEnd(25)}  ${cell(byHash).padEnd(25)}  ×${(warm.rate / cold.rate).toFixed(2)}`,
      )
    }
  }
} finally {
  await cleanup()
}

interface Pass {
  rate: number
  hits: number
  n: number
}

async function generate(
  dir: string,
  count: number,
  names: readonly string[],
  distinct: (i: number) => Buffer,
): Promise<void> {
  await mkdir(dir, { recursive: true })
  const bases = await Promise.all(names.map((n) => readFile(join(SAMPLES, n))))
  for (let i = 0; i < count; i++) {
    const base = bases[i % bases.length]!
    await writeFile(
      join(dir, `${String(i).padStart(4, '0')}-${names[i % names.length]}`),
      Buffer.concat([base, distinct(i)]),
    )
  }
}

/** Bytes after a JPEG's EOI are ignored by decoders: a distinct file with the same pixels. */
function jpegTrailer(i: number): Buffer {
  return Buffer.from(`preflight-bench-${i}`)
}

/** A top-level MP4 `free` box: valid, skipped by demuxers, and makes the file distinct. */
function mp4FreeBox(i: number): Buffer {
  const body = Buffer.from(`preflight-bench-${i}`)
  const header = Buffer.alloc(8)
  header.writeUInt32BE(8 + body.length, 0)
  header.write('free', 4, 'ascii')
  return Buffer.concat([header, body])
}
