// The image decode's cost in process, per file: probe() at depth quick (metadata, header walks) and
// full (plus structure walks and the decode), alternated. Run after `npx tsc -p tsconfig.bench.json`:
//   node dist/bench/image-decode.js samples/*.jpg samples/*.png ...
import { basename } from 'node:path'
import { probe, type ProbeContext } from '../src/pipeline/probe.js'
import { sniff } from '../src/pipeline/sniff.js'
import { summarize } from './stats.js'

const RUNS = 41
const context = (depth: 'quick' | 'full'): ProbeContext => ({
  partial: false,
  decode: { depth, maxPixels: 268_402_689, timeoutMs: 10_000 },
})
// Images never reach ffprobe.
const NO_FFPROBE = { ffprobePath: 'ffprobe', timeoutMs: 1 }

async function main(): Promise<void> {
  const paths = process.argv.slice(2)
  if (paths.length === 0) throw new Error('usage: node dist/bench/image-decode.js FILE...')
  console.log('file                           quick median (min)   full median (min)   ms')
  for (const path of paths) {
    const sniffed = await sniff(path)
    if (sniffed.kind !== 'image') continue
    const times = { quick: [] as number[], full: [] as number[] }
    for (let i = 0; i < RUNS + 3; i++) {
      for (const depth of i % 2 ? (['quick', 'full'] as const) : (['full', 'quick'] as const)) {
        const started = performance.now()
        await probe(path, sniffed, NO_FFPROBE, context(depth))
        if (i >= 3) times[depth].push(performance.now() - started) // 3 rounds of warm-up
      }
    }
    const quick = summarize(times.quick)
    const full = summarize(times.full)
    const cell = (s: typeof quick) => `${s.median.toFixed(2).padStart(7)} (${s.min.toFixed(2)})`
    console.log(`${basename(path).padEnd(30)} ${cell(quick).padEnd(20)} ${cell(full)}`)
  }
}

main().catch((error: unknown) => {
  console.error(`image-decode failed: ${(error as Error).message}`)
  process.exitCode = 1
})
