// The moov reader on files whose boxes disagree: it hands them to ffprobe, so both modes give the same verdicts and facts.
//
// Each file is a committed sample with one box changed (issue 14): ffmpeg's demuxer refuses some of
// them (media.corrupt in both modes) and reads the others in its own way (the same facts in both modes).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readBoxes } from '../../src/media/mp4-boxes.js'
import { probeFromBoxes } from '../../src/media/mp4-streams.js'
import { preflight } from '../../src/pipeline/preflight.js'
import type { Report } from '../../src/pipeline/report.js'
import { TARGET_NAMES } from '../../platforms/targets.js'
import { testOptions } from '../helpers/options.js'
import { box, boxesAt, insert, nested, payloadOf, withWord } from '../helpers/mp4-mutants.js'
import { samplePath } from '../helpers/samples.js'

const base = testOptions({ probeCache: undefined })
const readerOn = base
const readerOff = { ...base, ffprobe: { ...base.ffprobe, moovFacts: false } }

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-moov-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const STBL = 'moov/trak/mdia/minf/stbl'
const sample = (name = 'video-ok-144x256.mp4') => readFile(samplePath(name))
/** The payload offset of the `nth` box at `path`. */
const at = (bytes: Buffer, path: string, nth = 0) => payloadOf(boxesAt(bytes, path)[nth]!)

/** An edit list of `count` entries: a delay of `delayMs`, then empty edits of no length, then the whole media. */
function longEditList(count: number, delayMs: number, movieTicks: number): Buffer {
  const body = Buffer.alloc(8 + count * 12)
  body.writeUInt32BE(count, 4)
  for (let i = 0; i < count; i++) {
    const last = i === count - 1
    body.writeUInt32BE(i === 0 ? delayMs : last ? movieTicks : 0, 8 + i * 12)
    body.writeInt32BE(last ? 0 : -1, 12 + i * 12)
    body.writeUInt32BE(0x10000, 16 + i * 12)
  }
  return box('edts', box('elst', body))
}

async function bothModes(name: string, bytes: Buffer) {
  const path = join(dir, name)
  await writeFile(path, bytes)
  const request = { media: [{ path }], targets: [...TARGET_NAMES] }
  const [own, probed] = await Promise.all([preflight(request, readerOn), preflight(request, readerOff)])
  return { own, probed, answered: probeFromBoxes(await readBoxes(path), bytes.length) !== null }
}

const verdicts = (r: Report) =>
  r.results.map((t) => [
    t.target,
    t.verdict,
    t.findings
      .map((f) => f.rule)
      .sort()
      .join(' '),
  ])
const corruptEverywhere = (r: Report) =>
  r.results.every((t) => t.verdict === 'fail' && t.findings.some((f) => f.rule === 'media.corrupt'))
const facts = (r: Report) => ({ ...r.items[0]!.media!, corrupt: r.items[0]!.media!.corrupt !== null })

describe('files ffmpeg refuses: media.corrupt in both modes', () => {
  it.each<[string, () => Promise<Buffer>]>([
    [
      'boxes nested 10 levels inside moov',
      async () => {
        const b = await sample()
        return insert(b, boxesAt(b, 'moov')[0]!, at(b, 'moov'), nested(Array(10).fill('udta')))
      },
    ],
    [
      'stsd entry_count 0xFFFFFFFF',
      async () => {
        const b = await sample()
        return withWord(b, at(b, `${STBL}/stsd`) + 4, 0xffff_ffff)
      },
    ],
    [
      'ctts entry_count 0x80000000',
      async () => {
        const b = await sample()
        return withWord(b, at(b, `${STBL}/ctts`) + 4, 0x8000_0000)
      },
    ],
    [
      'stco count 90000',
      async () => {
        const b = await sample()
        return withWord(b, at(b, `${STBL}/stco`) + 4, 90_000)
      },
    ],
    [
      'stco count 2^31',
      async () => {
        const b = await sample()
        return withWord(b, at(b, `${STBL}/stco`) + 4, 0x8000_0000)
      },
    ],
    [
      'a single stsz entry of 0xFFFFFFFF',
      async () => {
        const b = await sample()
        return withWord(b, at(b, `${STBL}/stsz`) + 12, 0xffff_ffff)
      },
    ],
    [
      'a sample-entry child renamed to a too-short uuid',
      async () => {
        const b = Buffer.from(await sample())
        b.write('uuid', boxesAt(b, `${STBL}/stsd/avc1/btrt`)[0]!.start + 4, 'latin1')
        return b
      },
    ],
  ])('%s', async (name, make) => {
    const { own, probed, answered } = await bothModes(`${name.replace(/\W+/g, '-')}.mp4`, await make())
    expect(answered).toBe(false)
    expect(corruptEverywhere(probed)).toBe(true)
    expect(corruptEverywhere(own)).toBe(true)
    expect(verdicts(own)).toEqual(verdicts(probed))
  })

  it('nine levels of nesting, which ffmpeg accepts, are handed to ffprobe and read as usual', async () => {
    const b = await sample()
    const { own, probed, answered } = await bothModes(
      'nested-9.mp4',
      insert(b, boxesAt(b, 'moov')[0]!, at(b, 'moov'), nested(Array(9).fill('udta'))),
    )
    expect(answered).toBe(false)
    expect(facts(own)).toMatchObject({ corrupt: false, durationS: 3.266667, video: { fps: 30 } })
    expect(facts(own)).toEqual(facts(probed))
    expect(verdicts(own)).toEqual(verdicts(probed))
  })
})

describe('files ffmpeg reads its own way: the facts ffprobe gives, in both modes', () => {
  it('an edit list too long to read whole is not taken for no edit list', async () => {
    const b = await sample()
    // mvhd's timescale is 1000: a 5 s delay, 7,000 empty edits of no length, then the whole media.
    const bytes = insert(
      b,
      boxesAt(b, 'moov/trak')[0]!,
      boxesAt(b, 'moov/trak/tkhd')[0]!.end,
      longEditList(7_000, 5_000, 3_200),
    )
    const { own, probed, answered } = await bothModes('long-elst.mp4', bytes)
    expect(answered).toBe(false)
    expect(facts(probed).durationS).toBeGreaterThan(8)
    expect(facts(own)).toEqual(facts(probed))
    expect(verdicts(own)).toEqual(verdicts(probed))
  })

  it.each<[string, (b: Buffer) => Buffer, (f: ReturnType<typeof facts>) => void]>([
    [
      'an mdhd timescale of 2^31',
      (b) => withWord(b, at(b, 'moov/trak/mdia/mdhd') + 12, 0x8000_0000),
      (f) => expect(f.video?.fps).not.toBe(4_194_304),
    ],
    [
      'an stts delta of 0xFFFFFFFF',
      (b) => withWord(b, at(b, `${STBL}/stts`) + 12, 0xffff_ffff),
      (f) => expect(f.video?.fps).not.toBe(0),
    ],
    [
      'a zeroed hdlr on the audio track',
      (b) => withWord(b, at(b, 'moov/trak/mdia/hdlr', 1) + 8, 0),
      (f) => expect(f.audio?.codec).toBe('aac'),
    ],
    [
      'an unknown hdlr on the audio track',
      (b) => {
        const c = Buffer.from(b)
        c.write('xxxx', at(b, 'moov/trak/mdia/hdlr', 1) + 8, 'latin1')
        return c
      },
      (f) => expect(f.audio?.codec).toBe('aac'),
    ],
    [
      'a pasp of 0xFFFFFFFF:1',
      (b) => withWord(b, at(b, `${STBL}/stsd/avc1/pasp`), 0xffff_ffff),
      (f) => expect(f.video?.sampleAspect).not.toEqual({ num: 0xffff_ffff, den: 1 }),
    ],
    [
      'a pasp of 65535:1',
      (b) => withWord(b, at(b, `${STBL}/stsd/avc1/pasp`), 65_535),
      (f) => expect(f.video?.sampleAspect).not.toEqual({ num: 65_535, den: 1 }),
    ],
  ])('%s', async (name, mutate, check) => {
    const { own, probed, answered } = await bothModes(`${name.replace(/\W+/g, '-')}.mp4`, mutate(await sample()))
    expect(answered).toBe(false)
    check(facts(probed))
    expect(facts(own)).toEqual(facts(probed))
    expect(verdicts(own)).toEqual(verdicts(probed))
  })
})
