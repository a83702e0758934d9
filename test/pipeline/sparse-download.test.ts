// A faststart MP4's middle, which no check reads, left unwritten at full depth: the same facts and verdicts as a
// whole download, damage at either end still found, and a download whose head does not match read again whole.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { download } from '../../src/fetch/download.js'
import type { EarlyHead } from '../../src/fetch/early-head.js'
import { readBoxes } from '../../src/media/mp4-boxes.js'
import { unreadMiddle, type ByteRange } from '../../src/media/mp4-sample-places.js'
import { movieTiming } from '../../src/media/mp4-tracks.js'
import { proofReads, readOutside, WholeFileNeeded, withDecodeProof } from '../../src/pipeline/decode-proof.js'
import { preflight, type PreflightRequest } from '../../src/pipeline/preflight.js'
import type { Report } from '../../src/pipeline/report.js'
import { mediaUrl } from '../../src/request/parse.js'
import { readMediaUrl } from '../../src/fetch/http-url.js'
import { ffmpeg } from '../helpers/made-media.js'
import { mutants } from '../helpers/mp4-mutants.js'
import { testOptions } from '../helpers/options.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { virtualFile, type Served } from '../helpers/virtual-file.js'

const TARGETS: PreflightRequest['targets'] = ['instagram.reels', 'threads', 'mastodon']
const options = testOptions()

let dir: string
let clip: string // 12 s, a keyframe every 2 s, ~3 Mbit/s: a middle of a few MB that the proof does not read
let middle: ByteRange
let server: TestServer
const served = new Map<string, Served>()
// The full GET of /changed.mp4 gets other first bytes than its range probe did (a file replaced in between).
let changed: { probe: Served; whole: Served }

/** `clip` with `bytes` written over it at `at`. */
async function variant(name: string, at: number, bytes: Buffer): Promise<Buffer> {
  const copy = Buffer.from(await readFile(clip))
  bytes.copy(copy, at)
  await writeFile(join(dir, name), copy)
  return copy
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-sparse-'))
  clip = await ffmpeg(dir, 'clip.mp4', [
    ...['-f', 'lavfi', '-i', 'testsrc2=s=320x568:r=30:d=12,noise=alls=20:allf=t'],
    ...['-f', 'lavfi', '-i', 'sine=f=440:d=12:sample_rate=48000'],
    ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-b:v', '3M', '-x264-params', 'keyint=60:min-keyint=60:scenecut=0'],
    ...['-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart'],
  ])
  const bytes = readFileSync(clip)
  const boxes = await readBoxes(clip)
  const movie = movieTiming(boxes.mvhd)!
  middle = unreadMiddle(boxes, bytes.length, proofReads(movie.duration / movie.timescale))!
  const at = (share: number) => Math.floor(middle.from + (middle.to - middle.from) * share)
  const keys = keyframes(clip)
  const files = new Map<string, Buffer>([
    ['clip.mp4', bytes],
    // Zeros where nothing reads: still sound to every check, either way.
    ['zeroed-middle.mp4', await variant('zeroed-middle.mp4', at(0.1), Buffer.alloc(at(0.9) - at(0.1)))],
    // The first or the last keyframe garbled: media.corrupt, either way.
    ['bad-head.mp4', await variant('bad-head.mp4', keys.at(0)! + 64, Buffer.alloc(4_000, 0x5a))],
    ['bad-tail.mp4', await variant('bad-tail.mp4', keys.at(-1)! + 64, Buffer.alloc(4_000, 0x5a))],
  ])
  for (const [i, m] of mutants([{ name: 'clip', bytes }], MUTANTS, 7).entries()) {
    files.set(`mutant-${i}.mp4`, m.bytes)
    mutantNames.set(`mutant-${i}.mp4`, m.name)
  }
  for (const [name, file] of files) served.set(name, virtualFile([file], 'video/mp4'))
  const other = Buffer.from(bytes)
  other.write('mp42', 8, 'latin1') // the major brand: the same size, other first bytes
  changed = { probe: virtualFile([bytes], 'video/mp4'), whole: virtualFile([other], 'video/mp4') }
  server = await startServer((req, res) => {
    const name = req.url?.slice(1) ?? ''
    if (name === 'changed.mp4') return (req.headers.range ? changed.probe : changed.whole).handler(req, res)
    const file = served.get(name)
    if (file) return file.handler(req, res)
    res.writeHead(404).end() // robots.txt: allow all
  })
}, 60_000)

afterAll(async () => {
  await server?.close()
  await rm(dir, { recursive: true, force: true })
})

/** Where the video's keyframes lie, in file order (ffprobe's own packet list). */
function keyframes(path: string): number[] {
  const args = ['-v', 'error', '-select_streams', 'v', '-show_entries', 'packet=pos,flags', '-of', 'json', path]
  const out = execFileSync(options.ffprobe.ffprobePath, args, { timeout: 20_000, maxBuffer: 8 * 1024 * 1024 })
  const packets = (JSON.parse(out.toString()) as { packets: { pos: string; flags: string }[] }).packets
  return packets.filter((p) => p.flags.startsWith('K')).map((p) => Number(p.pos))
}

// Mutants of the clip served over HTTP, read with and without the middle: a bound on the test's time.
const MUTANTS = 40
const mutantNames = new Map<string, string>()

/** A report without the figures that differ from one download to the next (times, speed). */
function settled(report: Report): unknown {
  return JSON.parse(JSON.stringify(report), (key, value: unknown) =>
    ['downloadMs', 'ttfbMs', 'throughputBps'].includes(key) ? undefined : value,
  )
}

async function run(name: string, sparseDownloads: boolean) {
  const tmp = await mkdtemp(join(dir, 'tmp-'))
  const report = await preflight(
    { media: [mediaUrl(server.url(`/${name}`))], targets: TARGETS },
    { ...options, tmpDir: tmp, sparseDownloads, probeCache: undefined }, // each run probes: no hit from the other
  )
  return { report, left: await readdir(tmp) }
}

describe('the middle no check reads', () => {
  it('is found in the moov: past the first 128 samples of each track, before the last GOP', async () => {
    const size = readFileSync(clip).length
    expect(middle.from).toBeGreaterThan(0)
    expect(middle.to).toBeLessThan(size)
    expect(middle.to - middle.from).toBeGreaterThan(size / 4)
  })

  it('is not read by the decode proof itself (its packets, as ffprobe reports them, all lie outside)', async () => {
    const probed = (await run('clip.mp4', false)).report.items[0]!.media!
    const proof = await withDecodeProof(
      clip,
      probed,
      { depth: 'full', partial: false, source: null },
      { ...options.ffprobe },
    ).catch((error: unknown) => error)
    expect(proof).not.toBeInstanceOf(Error)
    // The same run as the proof's, asked for its packets' places.
    const args = ['-v', 'error', '-probesize', '32', '-analyzeduration', '0', '-show_entries', 'packet=pos,size']
    const intervals = `%+#128,${(probed.durationS! - 1).toFixed(3)}%+#10000`
    const out = execFileSync(
      options.ffprobe.ffprobePath,
      [...args, '-read_intervals', intervals, '-of', 'json', clip],
      {
        timeout: 20_000,
        maxBuffer: 8 * 1024 * 1024,
      },
    )
    const read = (JSON.parse(out.toString()) as { packets: { pos: string; size: string }[] }).packets
    expect(read.length).toBeGreaterThan(128)
    for (const p of read) {
      const from = Number(p.pos)
      expect(from + Number(p.size) <= middle.from || from >= middle.to).toBe(true)
    }
  })

  it('a proof that read bytes of the hole, or found damage in a file with one, asks for the whole file', async () => {
    const probed = (await run('clip.mp4', false)).report.items[0]!.media!
    const wrong = { from: middle.from, to: readFileSync(clip).length } // the last GOP inside the "hole"
    const context = { depth: 'full' as const, partial: false, source: null, omitted: wrong }
    await expect(withDecodeProof(clip, probed, context, options.ffprobe)).rejects.toBeInstanceOf(WholeFileNeeded)
    const sound = { ...context, omitted: middle }
    await expect(withDecodeProof(clip, probed, sound, options.ffprobe)).resolves.toMatchObject({ corrupt: null })
    expect(readOutside({ corrupt: null, unverified: [], read: null }, middle)).toBe(false)
  })
})

describe('a download that passes over the middle', () => {
  it('writes every byte but those of the window it learnt from the head, which read as zeros', async () => {
    const tmp = await mkdtemp(join(dir, 'dl-'))
    const path = join(tmp, 'body')
    let offered: EarlyHead | null = null
    const omit = { range: null, learn: async (head: EarlyHead) => ((offered = head), middle) }
    const got = await download(readMediaUrl(server.url('/clip.mp4')), path, {
      ...options.fetch,
      readCap: 1e9,
      depth: 'full',
      head: { path: join(tmp, 'head'), ready: () => undefined },
      omit,
    })
    const whole = readFileSync(clip)
    expect(offered).not.toBeNull()
    expect(got.omitted).toEqual(middle)
    expect(got.source.bytes).toBe(whole.length)
    const onDisk = await readFile(path)
    expect(onDisk.length).toBe(whole.length)
    expect(onDisk.subarray(0, middle.from).equals(whole.subarray(0, middle.from))).toBe(true)
    expect(onDisk.subarray(middle.to).equals(whole.subarray(middle.to))).toBe(true)
    expect(onDisk.subarray(middle.from, middle.to).every((b) => b === 0)).toBe(true)
    await rm(tmp, { recursive: true, force: true })
  })

  it.each([
    ['clip.mp4', null],
    ['zeroed-middle.mp4', null],
    ['bad-head.mp4', /did not decode in its first GOP/],
    ['bad-tail.mp4', /did not decode in its last GOP/],
  ])('%s: the same facts and verdicts as a whole download', async (name, corrupt) => {
    const sparse = await run(name, true)
    const whole = await run(name, false)
    const media = sparse.report.items[0]!.media!
    expect(media).toEqual(whole.report.items[0]!.media)
    expect(sparse.report.results).toEqual(whole.report.results)
    if (corrupt) expect(media.corrupt).toMatch(corrupt)
    else expect(media).toMatchObject({ kind: 'video', corrupt: null, width: 320, height: 568 })
    expect(sparse.report.items[0]!.source!.bytes).toBe(readFileSync(clip).length)
    expect([...sparse.left, ...whole.left]).toEqual([])
  })

  it(`gives the same report as a whole download for ${MUTANTS} mutants of the clip (sizes, counts, tables, zeros)`, async () => {
    const names = [...served.keys()].filter((n) => n.startsWith('mutant-'))
    expect(names.length).toBe(MUTANTS)
    for (const name of names) {
      const [sparse, whole] = [await run(name, true), await run(name, false)]
      const mutant = mutantNames.get(name)
      expect({ mutant, report: settled(sparse.report) }).toEqual({ mutant, report: settled(whole.report) })
      expect(sparse.report.items[0]!.source!.bytes).toBeGreaterThan(0) // served, not a 404
      expect([...sparse.left, ...whole.left]).toEqual([])
    }
  }, 120_000)

  it('whose finished file is not the one its head described is downloaded again whole', async () => {
    const before = changed.whole.requests
    const sparse = await run('changed.mp4', true)
    expect(changed.whole.requests - before).toBe(2) // the sparse full GET, then the whole one
    const whole = await run('changed.mp4', false)
    expect(sparse.report.items[0]!.media).toEqual(whole.report.items[0]!.media)
    expect(sparse.report.items[0]!.media).toMatchObject({ kind: 'video', corrupt: null })
    expect(sparse.left).toEqual([])
  })
})
