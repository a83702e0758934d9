// A probe that never answers: ffprobe is killed at its timeout and the item gets a finding, not a hang.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { preflight } from '../../src/pipeline/preflight.js'
import { preflightOptions } from '../../src/pipeline/options.js'
import { runFfprobe } from '../../src/services/ffprobe.js'
import { Limiter } from '../../src/services/limiter.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'

let dir: string
let stuck: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-stuck-'))
  stuck = join(dir, 'ffprobe')
  await writeFile(stuck, '#!/bin/sh\nexec sleep 30\n') // stands in for an ffprobe stuck on a hostile file
  await chmod(stuck, 0o755)
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

it('kills a stuck ffprobe at its timeout and reports media.corrupt', async () => {
  const options = testOptions()
  const report = await preflight(
    { media: [{ path: samplePath('video-interlaced.mp4') }], targets: ['instagram.reels'] }, // fields: ffprobe's to read
    { ...options, ffprobe: { ...options.ffprobe, ffprobePath: stuck, timeoutMs: 300 } },
  )
  expect(report.items[0]!.media!.corrupt).toBe('ffprobe stopped after 300 ms')
  expect(report.results[0]!.findings.map((f) => `${f.rule}:${f.platformError}`)).toEqual(['media.corrupt:2207053'])
})

it('at depth quick an H.264/AAC MP4 needs no ffprobe: read from its moov box while ffprobe is stuck', async () => {
  const options = testOptions()
  const report = await preflight(
    { media: [{ path: samplePath('video-ok-144x256.mp4') }], targets: ['instagram.reels'], depth: 'quick' },
    { ...options, ffprobe: { ...options.ffprobe, ffprobePath: stuck, timeoutMs: 300 } },
  )
  expect(report.items[0]!.media).toMatchObject({
    corrupt: null,
    width: 144,
    height: 256,
    video: { codec: 'h264', fps: 30 },
  })
  expect(report.results[0]!.findings).toEqual([])
})

it('at depth full the decode proof of the same MP4 is killed at its timeout and reports media.corrupt', async () => {
  const options = testOptions()
  const report = await preflight(
    { media: [{ path: samplePath('video-ok-144x256.mp4') }], targets: ['instagram.reels'] },
    { ...options, ffprobe: { ...options.ffprobe, ffprobePath: stuck, timeoutMs: 300 } },
  )
  expect(report.items[0]!.media).toMatchObject({
    corrupt: 'decoding stopped after 300 ms',
    width: 144,
    video: { codec: 'h264' },
  })
  expect(report.results[0]!.findings.map((f) => `${f.rule}:${f.platformError}`)).toEqual(['media.corrupt:2207053'])
})

it('a cancelled request kills the decode run at once', async () => {
  const pids = join(dir, 'pids')
  const recording = join(dir, 'ffprobe-recording')
  await writeFile(recording, `#!/bin/sh\necho $$ >> ${pids}\nexec sleep 30\n`)
  await chmod(recording, 0o755)
  const options = testOptions()
  const client = new AbortController()
  const started = performance.now()
  const answer = preflight(
    { media: [{ path: samplePath('video-ok-144x256.mp4') }], targets: ['instagram.reels'] },
    {
      ...options,
      signal: client.signal,
      ffprobe: { ...options.ffprobe, ffprobePath: recording, timeoutMs: 20_000, signal: client.signal },
    },
  )
  // Both the decode run and the decoder listing are running once their scripts have written their pids.
  for (let i = 0; i < 100 && (await readFile(pids, 'utf8').catch(() => '')).trim().split('\n').length < 2; i++)
    await delay(20)
  client.abort()
  await answer.catch(() => null)
  expect(performance.now() - started).toBeLessThan(5_000) // not the 20 s timeout, nor the 30 s sleep
  const running = (await readFile(pids, 'utf8')).trim().split('\n').map(Number)
  expect(running.length).toBeGreaterThanOrEqual(2)
  // Gone, not left behind: a killed child lingers as a zombie until Node reaps it, so wait (bounded) for that.
  const alive = () =>
    running.filter((pid) => {
      try {
        process.kill(pid, 0)
        return true
      } catch {
        return false
      }
    })
  for (let i = 0; i < 100 && alive().length > 0; i++) await delay(20)
  expect(alive()).toEqual([])
})

it('PREFLIGHT_MOOV_READER=false asks ffprobe for an H.264/AAC MP4 too', async () => {
  const options = preflightOptions(loadConfig({ ...process.env, PREFLIGHT_MOOV_READER: 'false' }))
  const report = await preflight(
    { media: [{ path: samplePath('video-ok-144x256.mp4') }], targets: ['instagram.reels'] },
    { ...options, ffprobe: { ...options.ffprobe, ffprobePath: stuck, timeoutMs: 300 } },
  )
  expect(report.items[0]!.media!.corrupt).toBe('ffprobe stopped after 300 ms')
})

it('with one ffprobe slot, a run queued behind a stuck one ends as aborted when its work is cancelled', async () => {
  const options = testOptions()
  const slots = new Limiter({ concurrency: 1, maxQueue: 4 })
  const holder = new AbortController()
  const held = runFfprobe(samplePath('video-ok-144x256.mp4'), [], {
    ...options.ffprobe,
    ffprobePath: stuck,
    slots,
    signal: holder.signal,
  })
  const waiter = new AbortController()
  const queued = runFfprobe(samplePath('video-ok-144x256.mp4'), [], {
    ...options.ffprobe,
    slots,
    signal: waiter.signal,
  })
  expect(slots.queued).toBe(1)
  waiter.abort()
  await expect(queued).rejects.toMatchObject({ reason: 'aborted' })
  holder.abort()
  await expect(held).rejects.toMatchObject({ reason: 'aborted' })
  expect(slots.active).toBe(0)
})
