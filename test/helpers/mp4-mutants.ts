// Deterministic mutants of MP4/QuickTime files: box sizes, counts, types, nesting, timescales, handlers, table entries, truncation, zeroed bytes.
//
// Each mutant is the original bytes with one change, picked by a seeded generator, so a run always
// makes the same files. Insertions keep the file playable where they can: every enclosing box grows
// and, when moov precedes the media, every chunk offset moves with the media.

export interface Node {
  type: string
  start: number
  /** 8, or 16 for a 64-bit size. */
  header: number
  end: number
  parents: Node[]
}

export interface Mutant {
  name: string
  bytes: Buffer
}

// Boxes that hold boxes (ISO 14496-12, QuickTime): the mutants reach every level of moov.
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts', 'dinf', 'udta', 'mvex', 'tref', 'ilst'])
// Full boxes with an entry count after version and flags (stsz's count is one field further).
const COUNTED = new Set(['stsd', 'stts', 'ctts', 'stsc', 'stsz', 'stco', 'co64', 'stss', 'elst', 'sbgp', 'dref'])
const VISUAL_ENTRIES = new Set(['avc1', 'avc3', 'hvc1', 'hev1'])
const NEST_TYPES = ['udta', 'edts', 'dinf', 'tref', 'mvex', 'trak', 'mdia', 'minf', 'stbl', 'moov']
const RENAMES = [
  'free',
  'skip',
  'uuid',
  'xxxx',
  '\0\0\0\0',
  'moov',
  'trak',
  'mdia',
  'stbl',
  'mdat',
  'stz2',
  'co64',
  'stco',
  'wave',
  'meta',
]
const HANDLERS = ['\0\0\0\0', 'xxxx', 'soun', 'vide', 'text', 'meta', 'hint', 'tmcd', 'subt', 'sbtl', 'clcp']
const WORDS = [
  0, 1, 2, 7, 8, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 90_000, 1_000, 44_100, 0x3fff_ffff, 0x4000_0000, 0xffff,
]

/** mulberry32: a small seeded generator, the same sequence on every machine. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** Every box the mutants may touch: the top level, containers, stsd's entries, their child boxes (and a QuickTime wave's). */
export function boxTree(bytes: Buffer): Node[] {
  const found: Node[] = []
  const walk = (from: number, to: number, parents: Node[]): void => {
    let at = from
    while (at + 8 <= to) {
      let size = bytes.readUInt32BE(at)
      let header = 8
      if (size === 1 && at + 16 <= to) {
        size = Number(bytes.readBigUInt64BE(at + 8))
        header = 16
      } else if (size === 0) size = to - at
      if (size < header || at + size > to) return
      const node: Node = { type: bytes.toString('latin1', at + 4, at + 8), start: at, header, end: at + size, parents }
      found.push(node)
      const inside = [...parents, node]
      const body = at + header
      if (CONTAINERS.has(node.type)) walk(body, node.end, inside)
      else if (node.type === 'meta') walk(body + 4, node.end, inside)
      else if (node.type === 'stsd') walk(body + 8, node.end, inside)
      else if (node.type === 'wave') walk(body, node.end, inside)
      else if (parents.at(-1)?.type === 'stsd') {
        const fields = VISUAL_ENTRIES.has(node.type)
          ? 78
          : 28 + ({ 1: 16, 2: 36 } as Record<number, number>)[bytes.readUInt16BE(body + 8)]! || 28
        walk(body + fields, node.end, inside)
      }
      at += size
    }
  }
  walk(0, bytes.length, [])
  return found
}

/** The boxes at `path` ('moov/trak/mdia/hdlr'), in file order. */
export function boxesAt(bytes: Buffer, path: string): Node[] {
  return boxTree(bytes).filter((n) => [...n.parents.map((p) => p.type), n.type].join('/') === path)
}

/** A copy of `bytes` with the 32-bit word at `at` set to `value`. */
export function withWord(bytes: Buffer, at: number, value: number): Buffer {
  const out = Buffer.from(bytes)
  out.writeUInt32BE(value >>> 0, at)
  return out
}

/** `data` inserted at `position` inside the box `into`: it and its parents grow, and chunk offsets follow the media when it moves. */
export function insert(bytes: Buffer, into: Node, position: number, data: Buffer): Buffer {
  const tree = boxTree(bytes)
  const out = Buffer.concat([bytes.subarray(0, position), data, bytes.subarray(position)])
  const grow = data.length
  for (const node of [...into.parents, into]) {
    if (node.header === 16) out.writeBigUInt64BE(BigInt(node.end - node.start + grow), node.start + 8)
    else if (bytes.readUInt32BE(node.start) !== 0) out.writeUInt32BE(node.end - node.start + grow, node.start)
  }
  for (const table of tree.filter((n) => n.type === 'stco' || n.type === 'co64')) {
    const wide = table.type === 'co64'
    const at = (table.start < position ? table.start : table.start + grow) + table.header
    const count = Math.min(
      out.readUInt32BE(at + 4),
      Math.floor((table.end - table.start - table.header - 8) / (wide ? 8 : 4)),
    )
    for (let i = 0; i < count; i++) {
      const entry = at + 8 + i * (wide ? 8 : 4)
      const offset = wide ? Number(out.readBigUInt64BE(entry)) : out.readUInt32BE(entry)
      if (offset < position) continue
      if (wide) out.writeBigUInt64BE(BigInt(offset + grow), entry)
      else out.writeUInt32BE(offset + grow, entry)
    }
  }
  return out
}

/** A box of `type` around `payload`. */
export function box(type: string, payload: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(8 + payload.length, 0)
  head.write(type, 4, 'latin1')
  return Buffer.concat([head, payload])
}

/** `levels` containers inside one another (an empty innermost one). */
export function nested(types: readonly string[]): Buffer {
  return types.reduceRight<Buffer>((inner, type) => box(type, inner), Buffer.alloc(0))
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!

export function payloadOf(node: Node): number {
  return node.start + node.header
}

type Kind = (bytes: Buffer, tree: Node[], random: () => number) => Mutant | null

// One change each; null when the file has nothing to change that way.
const KINDS: Record<string, Kind> = {
  count(bytes, tree, random) {
    const node = pick(
      random,
      tree.filter((n) => COUNTED.has(n.type)),
    )
    if (!node) return null
    const at = payloadOf(node) + (node.type === 'stsz' ? 8 : 4)
    const current = bytes.readUInt32BE(at)
    const value = pick(random, [
      0,
      1,
      current - 1,
      current + 1,
      current * 2,
      90_000,
      0x7fff_ffff,
      0x8000_0000,
      0xffff_ffff,
    ])
    return { name: `${node.type}@${node.start} count ${current} → ${value >>> 0}`, bytes: withWord(bytes, at, value) }
  },
  size(bytes, tree, random) {
    const node = pick(
      random,
      tree.filter((n) => n.header === 8 && n.type !== 'mdat'),
    )
    if (!node) return null
    const size = node.end - node.start
    const value = pick(random, [size - 1, size + 1, size - 8, size + 8, 0, 1, 7, 8, 0xffff_ffff, size + 4096])
    return {
      name: `${node.type}@${node.start} size ${size} → ${value >>> 0}`,
      bytes: withWord(bytes, node.start, value),
    }
  },
  type(bytes, tree, random) {
    const node = pick(random, tree)
    if (!node) return null
    const type = pick(random, RENAMES)
    const out = Buffer.from(bytes)
    out.write(type, node.start + 4, 'latin1')
    return { name: `${node.type}@${node.start} renamed ${JSON.stringify(type)}`, bytes: out }
  },
  nest(bytes, tree, random) {
    const node = pick(
      random,
      tree.filter((n) => (CONTAINERS.has(n.type) && n.parents.some((p) => p.type === 'moov')) || n.type === 'moov'),
    )
    if (!node) return null
    const levels = 1 + Math.floor(random() * 12)
    const types = Array.from({ length: levels }, () => pick(random, NEST_TYPES))
    const at = random() < 0.5 ? payloadOf(node) : node.end
    return {
      name: `${levels} levels (${types.join('/')}) in ${node.type}@${node.start}`,
      bytes: insert(bytes, node, at, nested(types)),
    }
  },
  timescale(bytes, tree, random) {
    const node = pick(
      random,
      tree.filter((n) => n.type === 'mdhd' || n.type === 'mvhd'),
    )
    if (!node) return null
    const wide = bytes[payloadOf(node)] === 1
    const field = random() < 0.6 ? 'timescale' : 'duration'
    const at = payloadOf(node) + (wide ? 20 : 12) + (field === 'duration' ? 4 : 0)
    const value = pick(random, WORDS)
    return { name: `${node.type}@${node.start} ${field} → ${value}`, bytes: withWord(bytes, at, value) }
  },
  handler(bytes, tree, random) {
    const node = pick(
      random,
      tree.filter((n) => n.type === 'hdlr' && n.parents.at(-1)?.type === 'mdia'),
    )
    if (!node) return null
    const handler = pick(random, HANDLERS)
    const out = Buffer.from(bytes)
    out.write(handler, payloadOf(node) + 8, 'latin1')
    return { name: `hdlr@${node.start} → ${JSON.stringify(handler)}`, bytes: out }
  },
  entry(bytes, tree, random) {
    const node = pick(
      random,
      tree.filter((n) => ['stts', 'ctts', 'stsc', 'stsz', 'stco', 'elst', 'stss', 'pasp', 'tkhd'].includes(n.type)),
    )
    if (!node) return null
    const words = Math.floor((node.end - payloadOf(node)) / 4)
    const first = node.type === 'pasp' ? 0 : node.type === 'stsz' ? 3 : node.type === 'tkhd' ? 10 : 2
    if (words <= first) return null
    const word = first + Math.floor(random() * Math.min(words - first, 12))
    const value = pick(random, WORDS)
    return {
      name: `${node.type}@${node.start} word ${word} → ${value}`,
      bytes: withWord(bytes, payloadOf(node) + word * 4, value),
    }
  },
  truncate(bytes, tree, random) {
    const moov = tree.find((n) => n.type === 'moov')
    const cut =
      random() < 0.5 && moov
        ? moov.start + Math.floor(random() * (moov.end - moov.start))
        : Math.floor(random() * bytes.length)
    return { name: `cut at ${cut} of ${bytes.length}`, bytes: bytes.subarray(0, cut) }
  },
  zero(bytes, tree, random) {
    const node = pick(
      random,
      tree.filter((n) => !CONTAINERS.has(n.type)),
    )
    if (!node) return null
    const from = payloadOf(node)
    const length = node.type === 'mdat' ? Math.floor((node.end - from) * (0.5 + random() / 2)) : node.end - from
    const out = Buffer.from(bytes)
    out.fill(0, from, from + length)
    return { name: `${node.type}@${node.start} payload zeroed (${length} bytes)`, bytes: out }
  },
}

/** `count` mutants of each sample, the kinds taken in turn; the same list for the same seed. */
export function mutants(samples: readonly { name: string; bytes: Buffer }[], count: number, seed: number): Mutant[] {
  const random = seeded(seed)
  const kinds = Object.entries(KINDS)
  const made: Mutant[] = []
  for (const sample of samples) {
    const tree = boxTree(sample.bytes)
    for (let i = 0, tries = 0; made.length < count * (samples.indexOf(sample) + 1) && tries < count * 4; tries++) {
      const [kind, mutate] = kinds[i % kinds.length]!
      const mutant = mutate(sample.bytes, tree, random)
      i++
      if (mutant) made.push({ name: `${sample.name}: ${kind}: ${mutant.name}`, bytes: mutant.bytes })
    }
  }
  return made
}
