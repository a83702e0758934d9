// Per-stage costs, timed in this process on the real pipeline functions: download, sniff, probe, and the whole preflight().
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { loadConfig } from '../src/config.js'
import { withDecodeProof } from '../src/pipeline/decode-proof.js'
import { download } from '../src/fetch/download.js'
import { readMediaUrl } from '../src/fetch/http-url.js'
import { preflight } from '../src/pipeline/preflight.js'
import { preflightOptions } from '../src/pipeline/options.js'
import { probe } from '../src/pipeline/probe.js'
import { sniff } from '../src/pipeline/sniff.js'
import type { TargetName } from '../platforms/targets.js'
import { summarize, type Summary } from './stats.js'

export interface StageTimes {
  download: Summary
  sniff: Summary
  probe: Summary
  /** The same probe with the moov reader off: what ffprobe costs where it is still run (HEVC, VFR, ...). */
  ffprobe: Summary
  /** Depth full's decode proof of the probed facts (video and audio; nothing for an image). */
  decode: Summary
  /** preflight() as a whole, in process: the stages plus scratch, evaluate and report. */
  preflight: Summary
}

export async function stageTimes(
  url: string,
  targets: TargetName[],
  runs: number,
  tmpRoot: string,
): Promise<StageTimes> {
  const config = loadConfig({ ...process.env, PREFLIGHT_TMPDIR: tmpRoot, PREFLIGHT_ALLOW_PRIVATE_NETWORKS: 'true' })
  const options = preflightOptions(config)
  const ffprobe = options.ffprobe
  const times = {
    download: [] as number[],
    sniff: [] as number[],
    probe: [] as number[],
    ffprobe: [] as number[],
    decode: [] as number[],
    preflight: [] as number[],
  }
  const mediaUrl = readMediaUrl(url)
  await preflight({ media: [{ url: mediaUrl }], targets, depth: 'full' }, options) // warm-up: modules, JIT, pools
  for (let i = 0; i < runs; i++) {
    const dir = await mkdtemp(join(tmpRoot, 'stage-'))
    try {
      const path = join(dir, 'media')
      const t0 = performance.now()
      const got = await download(mediaUrl, path, { ...options.fetch, readCap: options.maxBytes + 1, depth: 'full' })
      if (!got.saved) throw new Error(`stage download failed: ${JSON.stringify(got.findings)}`)
      const t1 = performance.now()
      const sniffed = await sniff(path)
      const t2 = performance.now()
      const media = await probe(path, sniffed, ffprobe, { partial: false })
      const t3 = performance.now()
      await probe(path, sniffed, { ...ffprobe, moovFacts: false }, { partial: false })
      const t4 = performance.now()
      const proved = await withDecodeProof(path, media, { depth: 'full', partial: false, source: null }, ffprobe)
      if (proved.corrupt) throw new Error(`stage decode proof failed: ${proved.corrupt}`)
      times.download.push(t1 - t0)
      times.sniff.push(t2 - t1)
      times.probe.push(t3 - t2)
      times.ffprobe.push(t4 - t3)
      times.decode.push(performance.now() - t4)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
    const t5 = performance.now()
    await preflight({ media: [{ url: mediaUrl }], targets, depth: 'full' }, options)
    times.preflight.push(performance.now() - t5)
  }
  return {
    download: summarize(times.download),
    sniff: summarize(times.sniff),
    probe: summarize(times.probe),
    ffprobe: summarize(times.ffprobe),
    decode: summarize(times.decode),
    preflight: summarize(times.preflight),
  }
}
