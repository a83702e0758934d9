// The decode proof on real files: media data damaged where headers are sound is media.corrupt at depth "full"
// (naming the stream and where), every committed sample still decodes, and depth "quick" says it did not decode.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DECODE_SKIPPED_QUICK } from '../../src/pipeline/decode-proof.js'
import { preflight } from '../../src/pipeline/preflight.js'
import { type PreflightOptions } from '../../src/pipeline/options.js'
import type { ProbeOutcome } from '../../src/services/observer.js'
import { testOptions } from '../helpers/options.js'
import { SAMPLES, samplePath } from '../helpers/samples.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { virtualFile, type Served } from '../helpers/virtual-file.js'
import { mediaUrl } from '../../src/request/parse.js'

const options = testOptions()
const FFPROBE = options.ffprobe.ffprobePath

interface Packet {
  stream: number
  pos: number
  size: number
  key: boolean
}

/** Where each packet's bytes lie in the file, in file order per stream (bounded: the files here are small). */
function packets(path: string): Packet[] {
  const args = ['-v', 'error', '-show_entries', 'packet=stream_index,pos,size,flags', '-of', 'json', path]
  const json = JSON.parse(execFileSync(FFPROBE, args, { timeout: 20_000, maxBuffer: 16 * 1024 * 1024 }).toString()) as {
    packets: { stream_index: number; pos: string; size: string; flags: string }[]
  }
  return json.packets.map((p) => ({
    stream: p.stream_index,
    pos: Number(p.pos),
    size: Number(p.size),
    key: p.flags.startsWith('K'),
  }))
}

let dir: string
/** A copy of `source` with the bytes of the chosen packets zeroed: headers and sample tables stay sound. */
async function zeroed(source: string, name: string, pick: (all: Packet[]) => Packet[]): Promise<string> {
  const bytes = readFileSync(source)
  const chosen = pick(packets(source))
  expect(chosen.length).toBeGreaterThan(0)
  for (const p of chosen) bytes.fill(0, p.pos, p.pos + p.size)
  const path = join(dir, name)
  await writeFile(path, bytes)
  return path
}

/** A copy of `source` with its whole mdat payload zeroed. */
async function zeroedMdat(source: string, name: string): Promise<string> {
  const bytes = readFileSync(source)
  let offset = 0
  let zeroedBytes = 0
  while (offset + 8 <= bytes.length) {
    const size = bytes.readUInt32BE(offset)
    if (size < 8) break
    if (bytes.toString('latin1', offset + 4, offset + 8) === 'mdat') {
      bytes.fill(0, offset + 8, offset + size)
      zeroedBytes += size - 8
    }
    offset += size
  }
  expect(zeroedBytes).toBeGreaterThan(1000)
  const path = join(dir, name)
  await writeFile(path, bytes)
  return path
}

const ffmpeg = (args: string[]) =>
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { timeout: 60_000 })

/** The same clip with a keyframe every second (four GOPs), made here: the samples have one GOP each. */
let gops: string
/** Four GOPs in ~1.5 MB: past the crawler's 512 KiB probe, so a URL's head is probed (and decoded) during the download. */
let big: string
let fragmented: string
let server: TestServer
const served = new Map<string, Served>()
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-decode-'))
  gops = join(dir, 'gops.mp4')
  big = join(dir, 'big.mp4')
  fragmented = join(dir, 'fragmented.mp4')
  const source = (size: string) => [
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${size}:rate=30:duration=3.2`,
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000:duration=3.2',
  ]
  const codecs = [
    '-c:v',
    'libx264',
    '-g',
    '30',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '32k',
    '-shortest',
    '-use_editlist',
    '0',
  ]
  ffmpeg([...source('144x256'), ...codecs, '-crf', '40', '-movflags', '+faststart', gops])
  ffmpeg([...source('640x360'), ...codecs, '-b:v', '4M', '-movflags', '+faststart', big])
  ffmpeg(['-i', big, '-c', 'copy', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', fragmented])
  server = await startServer((req, res) => {
    const file = served.get(req.url ?? '')
    if (file) return file.handler(req, res)
    res.writeHead(404).end() // robots.txt: allow all
  })
})
afterAll(async () => {
  await server?.close()
  await rm(dir, { recursive: true, force: true })
})

/** A preflight of `path` served slowly at a URL, with the ffprobe runs it made. */
async function judgedUrl(path: string) {
  const name = `/${served.size}.mp4`
  served.set(name, virtualFile([readFileSync(path)], 'video/mp4', true, 2))
  const runs: ProbeOutcome[] = []
  const observer = { ffprobeRun: (_s: number, outcome: ProbeOutcome) => void runs.push(outcome) }
  const opts = testOptions({ ffprobe: { ...options.ffprobe, observer } })
  const report = await preflight({ media: [mediaUrl(server.url(name))], targets: ['instagram.reels'] }, opts)
  return { media: report.items[0]!.media!, runs }
}

async function judged(path: string, opts: PreflightOptions = options, depth: 'full' | 'quick' = 'full') {
  const report = await preflight({ media: [{ path }], targets: ['instagram.reels'], depth }, opts)
  return { media: report.items[0]!.media!, rules: report.results[0]!.findings.map((f) => `${f.rule}:${f.severity}`) }
}

describe.each([
  ['moov reader', true],
  ['ffprobe for the facts', false],
])('depth full, %s', (_label, moovFacts) => {
  const opts = { ...options, ffprobe: { ...options.ffprobe, moovFacts } }

  it('an MP4 whose mdat is all zeros is media.corrupt: its first GOP does not decode', async () => {
    const { media, rules } = await judged(
      await zeroedMdat(samplePath('video-ok-144x256.mp4'), `zero-mdat-${moovFacts}.mp4`),
      opts,
    )
    expect(media.corrupt).toMatch(/^the video stream \(h264\) did not decode in its first GOP: /)
    expect(rules).toContain('media.corrupt:error')
  })

  it('a damaged last GOP is media.corrupt, and said to be the last', async () => {
    const path = await zeroed(gops, `last-gop-${moovFacts}.mp4`, (all) => {
      const video = all.filter((p) => p.stream === 0)
      const lastKey = video.findLastIndex((p) => p.key)
      expect(lastKey).toBeGreaterThan(0) // the clip has several GOPs: the first one stays intact
      return video.slice(lastKey)
    })
    const { media, rules } = await judged(path, opts)
    expect(media.corrupt).toMatch(/^the video stream \(h264\) did not decode in its last GOP: /)
    expect(rules).toContain('media.corrupt:error')
  })
})

describe('depth full', () => {
  it('frames damaged after a sound last keyframe are found too', async () => {
    const path = await zeroed(gops, 'last-frames.mp4', (all) => all.filter((p) => p.stream === 0 && !p.key).slice(-4))
    expect((await judged(path)).media.corrupt).toMatch(/^the video stream \(h264\) did not decode in its last GOP: /)
  })

  it.each([
    ['video-hevc.mp4', /^the video stream \(hevc\) did not decode in its last GOP: Invalid NAL unit size/],
    ['video-vp9.webm', /^the video stream \(vp9\) did not decode /],
  ])('%s with its last frames damaged is media.corrupt', async (name, expected) => {
    const path = await zeroed(samplePath(name), `tail-${name}`, (all) =>
      all.filter((p) => p.stream === 0 && !p.key).slice(-4),
    )
    expect((await judged(path)).media.corrupt).toMatch(expected)
  })

  it('an audio stream whose payload is zeroed is media.corrupt, the video being sound', async () => {
    const path = await zeroed(samplePath('video-ok-144x256.mp4'), 'zero-audio.mp4', (all) =>
      all.filter((p) => p.stream === 1),
    )
    const { media, rules } = await judged(path)
    expect(media.corrupt).toMatch(/^the audio stream \(aac\) did not decode at its start: /)
    expect(rules).toContain('media.corrupt:error')
  })

  it("an audio stream's damaged end is media.corrupt at its end", async () => {
    const path = await zeroed(gops, 'audio-end.mp4', (all) => all.filter((p) => p.stream === 1).slice(-8))
    expect((await judged(path)).media.corrupt).toMatch(/^the audio stream \(aac\) did not decode at its end: /)
  })

  it('a codec the bundled ffprobe cannot decode is said to be unverified, not passed as checked', async () => {
    // The sample with its H.264 sample entry renamed to MPEG-5 EVC ('evc1'): ffprobe knows the codec, has no decoder.
    const bytes = readFileSync(samplePath('video-ok-144x256.mp4'))
    const entry = bytes.indexOf('avc1', bytes.indexOf('stsd'), 'latin1')
    expect(entry).toBeGreaterThan(0)
    bytes.write('evc1', entry, 'latin1')
    const path = join(dir, 'evc.mp4')
    await writeFile(path, bytes)
    const { media } = await judged(path)
    expect(media.video?.codec).toBe('evc')
    expect(media.corrupt).toBeNull()
    expect(media.unverified).toEqual(['that the video stream (evc) decodes: the bundled ffprobe has no decoder for it'])
  })

  it('a clip with several GOPs, undamaged, passes with nothing unverified', async () => {
    expect((await judged(gops)).media).toMatchObject({ corrupt: null, unverified: [] })
  })
})

describe('depth full of a URL: the proof follows the download as it is written', () => {
  it('a sound faststart MP4 is proved by that one run, none after the download', async () => {
    const { media, runs } = await judgedUrl(big)
    expect(media).toMatchObject({ corrupt: null, unverified: [], width: 640 })
    expect(runs).toEqual(['ok'])
  })

  it('its damaged last GOP is media.corrupt, confirmed on the finished file', async () => {
    const path = await zeroed(big, 'big-last-gop.mp4', (all) => {
      const video = all.filter((p) => p.stream === 0)
      return video.slice(video.findLastIndex((p) => p.key))
    })
    const { media, runs } = await judgedUrl(path)
    expect(media.corrupt).toMatch(/^the video stream \(h264\) did not decode in its last GOP: /)
    expect(runs.length).toBeGreaterThanOrEqual(2)
  })

  it('a fragmented MP4 (the run would wait for a next fragment) is proved on the finished file, without a wait', async () => {
    const started = performance.now()
    const { media } = await judgedUrl(fragmented)
    expect(media.corrupt).toBeNull()
    expect(performance.now() - started).toBeLessThan(8_000) // not the 10 s a stalled follow would take
  })
})

describe('every committed video and audio sample decodes (no false media.corrupt)', () => {
  const names = readdirSync(SAMPLES).filter((n) => /\.(mp4|mov|webm|mp3|m4a)$/.test(n))
  it('there are samples to check', () => {
    expect(names.length).toBeGreaterThan(20)
  })
  it.each(names)('%s', async (name) => {
    const { media } = await judged(samplePath(name))
    expect(media.kind === 'video' || media.kind === 'audio').toBe(true)
    expect(media).toMatchObject({ corrupt: null, unverified: [] })
  })
})

describe('depth quick', () => {
  it('decodes nothing and says so: a zeroed mdat is not caught, and the skipped decode is listed', async () => {
    const { media } = await judged(
      await zeroedMdat(samplePath('video-ok-144x256.mp4'), 'zero-mdat-quick.mp4'),
      options,
      'quick',
    )
    expect(media.corrupt).toBeNull()
    expect(media.unverified).toEqual([DECODE_SKIPPED_QUICK])
  })
})
