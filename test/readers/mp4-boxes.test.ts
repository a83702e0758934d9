// preflight's MP4/QuickTime box reader on real, truncated and malformed files: problems as findings, never a throw.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readBoxes } from '../../src/media/mp4-boxes.js'
import { preflight } from '../../src/pipeline/preflight.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-boxes-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A box: 32-bit size (or the given one), type, payload. */
function box(type: string, payload: Buffer = Buffer.alloc(0), size = 8 + payload.length): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(size, 0)
  head.write(type, 4, 'latin1')
  return Buffer.concat([head, payload])
}

/** A box with size 1 and a 64-bit largesize. */
function largeBox(type: string, payload: Buffer): Buffer {
  const head = Buffer.alloc(16)
  head.writeUInt32BE(1, 0)
  head.write(type, 4, 'latin1')
  head.writeBigUInt64BE(BigInt(16 + payload.length), 8)
  return Buffer.concat([head, payload])
}

const ftyp = box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2avc1mp41', 'latin1'))
const elst = (entries: [number, number][]) => {
  const body = Buffer.alloc(8 + entries.length * 12)
  body.writeUInt32BE(entries.length, 4)
  entries.forEach(([duration, mediaTime], i) => {
    body.writeUInt32BE(duration, 8 + i * 12)
    body.writeInt32BE(mediaTime, 12 + i * 12)
    body.writeUInt32BE(0x10000, 16 + i * 12)
  })
  return box('elst', body)
}
const mdhd = (timescale: number) => {
  const body = Buffer.alloc(24)
  body.writeUInt32BE(timescale, 12)
  return box('mdhd', body)
}
const hdlr = (handler: string) =>
  box('hdlr', Buffer.concat([Buffer.alloc(8), Buffer.from(handler, 'latin1'), Buffer.alloc(12)]))
const trak = (...inner: Buffer[]) => box('trak', Buffer.concat(inner))
const moov = (...inner: Buffer[]) => box('moov', Buffer.concat(inner))
const soundTrack = trak(
  box(
    'edts',
    elst([
      [1000, -1],
      [5000, 0],
    ]),
  ),
  box('mdia', Buffer.concat([mdhd(48_000), hdlr('soun')])),
)

async function boxesOf(name: string, bytes: Buffer) {
  const path = join(dir, name)
  await writeFile(path, bytes)
  return readBoxes(path)
}

describe('readBoxes', () => {
  it('reads box order and edit lists of real files', async () => {
    expect(await readBoxes(samplePath('video-ok-144x256.mp4'))).toMatchObject({
      moovAtFront: true,
      editLists: [],
      problems: [],
    })
    expect((await readBoxes(samplePath('video-moov-at-end.mp4'))).moovAtFront).toBe(false)
    const { editLists } = await readBoxes(samplePath('video-edit-list-priming.mp4'))
    expect(editLists).toEqual([
      { track: 1, handler: 'vide', timescale: 15_360, entries: 1, emptyEdits: 0, firstMediaTime: 1024 },
      { track: 2, handler: 'soun', timescale: 48_000, entries: 1, emptyEdits: 0, firstMediaTime: 1024 },
    ])
  })

  it.each([
    'video-ok-144x256.mp4',
    'video-edit-list-priming.mp4',
    'video-rotated-2400x1350.mp4',
    'video-quicktime.mov',
  ])('%s: the same with moov held in memory and walked read by read (a moov past the bound)', async (name) => {
    expect(await readBoxes(samplePath(name), 0)).toEqual(await readBoxes(samplePath(name)))
  })

  it('reads an empty edit, 64-bit sizes and a last box of size 0 (to the end of the file)', async () => {
    const bytes = Buffer.concat([ftyp, largeBox('moov', soundTrack), box('mdat', Buffer.alloc(64), 0)])
    expect(await boxesOf('large.mp4', bytes)).toMatchObject({
      moovAtFront: true,
      editLists: [{ track: 1, handler: 'soun', timescale: 48_000, entries: 2, emptyEdits: 1, firstMediaTime: 0 }],
      problems: [],
    })
  })

  it.each([
    ['an empty file', Buffer.alloc(0), /no moov/],
    ['ftyp only', ftyp, /no moov/],
    [
      'a box claiming more bytes than the file has',
      Buffer.concat([ftyp, box('mdat', Buffer.alloc(16), 1_000_000)]),
      /past the end of the file/,
    ],
    ['a size smaller than its header', Buffer.concat([ftyp, box('moov', Buffer.alloc(16), 4)]), /impossible size 4/],
    [
      'a 64-bit size cut off',
      Buffer.concat([ftyp, Buffer.from([0, 0, 0, 1]), Buffer.from('mdat', 'latin1'), Buffer.from([0, 0])]),
      /cut before its 64-bit size/,
    ],
    [
      'a 64-bit size past the end',
      Buffer.concat([ftyp, largeBox('moov', soundTrack).fill(0x7f, 8, 9)]),
      /past the end of the file/,
    ],
    [
      'a binary box type',
      Buffer.concat([ftyp, Buffer.from([0, 0, 0, 16, 0, 1, 2, 3]), Buffer.alloc(8)]),
      /unreadable box type/,
    ],
    ['moov without a track', Buffer.concat([ftyp, moov(box('mvhd', Buffer.alloc(100)))]), /no track/],
    ['a track without media', Buffer.concat([ftyp, moov(trak(box('tkhd', Buffer.alloc(84))))]), /no media box/],
    [
      'a child box past the end of its parent',
      Buffer.concat([ftyp, moov(box('trak', Buffer.alloc(8), 500)), box('mdat')]),
      /past the end of its parent/,
    ],
  ])('%s → a problem, not an exception', async (name, bytes, problem) => {
    const { problems } = await boxesOf(`${name.replace(/\W+/g, '-')}.mp4`, bytes)
    expect(problems.join('; ')).toMatch(problem)
  })

  it('stops counting at 1,000 boxes', async () => {
    const bytes = Buffer.concat([ftyp, ...Array.from({ length: 100_000 }, () => box('free'))])
    expect((await boxesOf('many.mp4', bytes)).problems).toEqual([
      'more than 1000 boxes',
      'no moov box (the index of the video is missing)',
    ])
  })

  it('stops at the first mdat after moov: fragments are not walked', async () => {
    const fragments = Array.from({ length: 5_000 }, () => Buffer.concat([box('moof'), box('mdat', Buffer.alloc(4))]))
    const result = await boxesOf('fragmented.mp4', Buffer.concat([ftyp, moov(soundTrack), ...fragments]))
    expect(result).toMatchObject({ moovAtFront: true, problems: [] })
  })

  it('reads 2,000 levels of nesting without descending past the track', async () => {
    let nested = box('free')
    for (let i = 0; i < 2_000; i++) nested = box(i % 2 ? 'moov' : 'trak', nested)
    const result = await boxesOf('nested.mp4', Buffer.concat([ftyp, nested, box('mdat', Buffer.alloc(8))]))
    expect(result).toMatchObject({ moovAtFront: true, editLists: [], problems: ['track 1 has no media box (mdia)'] })
  })

  it('reads a huge edit list only up to its bound', async () => {
    const entries = Array.from({ length: 50_000 }, (_v, i): [number, number] => [10, i])
    const bytes = Buffer.concat([ftyp, moov(trak(box('edts', elst(entries)), box('mdia', mdhd(1000))))])
    const { editLists } = await boxesOf('huge-elst.mp4', bytes)
    expect(editLists[0]).toMatchObject({ entries: 50_000, emptyEdits: 0, firstMediaTime: 0 })
  })
})

describe('a truncated or malformed video through the pipeline', () => {
  it.each([
    ['cut in half', (b: Buffer) => b.subarray(0, Math.floor(b.length / 2))],
    ['cut inside moov', (b: Buffer) => b.subarray(0, 200)],
    ['cut just before its mdat (the index without the media)', (b: Buffer) => b.subarray(0, b.indexOf('mdat') - 4)],
    [
      'with its mdat size overwritten',
      (b: Buffer) => {
        const c = Buffer.from(b)
        c.writeUInt32BE(0xffffff00, c.indexOf('mdat') - 4)
        return c
      },
    ],
  ])('%s → media.corrupt (2207053 on Reels)', async (name, damage) => {
    const bytes = damage(await readFile(samplePath('video-ok-144x256.mp4')))
    const path = join(dir, `${name.replace(/\W+/g, '-')}.mp4`)
    await writeFile(path, bytes)
    const report = await preflight({ media: [{ path }], targets: ['instagram.reels'] }, testOptions())
    const corrupt = report.results[0]!.findings.find((f) => f.rule === 'media.corrupt')
    expect(corrupt).toMatchObject({ severity: 'error', platformError: '2207053' })
  })
})

describe('readBoxes past its box budget', () => {
  it('notes the budget once, however many walks hit it', async () => {
    const tracks = Array.from({ length: 600 }, () => trak(box('free'), box('free')))
    const bytes = Buffer.concat([ftyp, moov(...tracks), box('mdat')])
    const { problems } = await boxesOf('many-tracks.mp4', bytes)
    expect(problems.filter((p) => p.startsWith('more than'))).toEqual(['more than 1000 boxes'])
  })
})
