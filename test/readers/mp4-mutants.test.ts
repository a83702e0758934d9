// The moov reader against ffprobe on 320 seeded mutants of the committed videos: the same verdicts and facts, mutant by mutant.
//
// Each mutant changes one thing (a box size, an entry count, a box type, a nesting, a timescale, a
// handler, a table entry, a cut, zeroed bytes). Through preflight with the reader on and with
// PREFLIGHT_MOOV_READER=false, no target may pass or warn in one mode and not the other, and no fact may
// differ: where the reader is unsure it must hand the file to ffprobe.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readBoxes } from '../../src/media/mp4-boxes.js'
import { probeFromBoxes } from '../../src/media/mp4-streams.js'
import { preflight } from '../../src/pipeline/preflight.js'
import type { Report } from '../../src/pipeline/report.js'
import { TARGET_NAMES } from '../../platforms/targets.js'
import { mutants, type Mutant } from '../helpers/mp4-mutants.js'
import { testOptions } from '../helpers/options.js'
import { samplePath } from '../helpers/samples.js'

const SAMPLES = [
  'video-ok-144x256.mp4',
  'video-edit-list-priming.mp4',
  'video-edit-list-gap.mp4',
  'video-quicktime.mov',
  'video-hevc.mp4',
  'video-rotated-2400x1350.mp4',
  'video-moov-at-end.mp4',
  'video-short-1s.mp4',
]
const PER_SAMPLE = 40
const SEED = 14
// Mutants run at once: each may start two ffprobe runs, so the CI's two cores stay busy but not swamped.
const AT_ONCE = Math.max(2, Math.min(4, availableParallelism()))

const base = testOptions({ probeCache: undefined })
const readerOff = { ...base, ffprobe: { ...base.ffprobe, moovFacts: false } }

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-mutants-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Per target: the verdict and the rules that fired. */
const verdicts = (r: Report) =>
  r.results.map(
    (t) =>
      `${t.target}: ${t.verdict} ${t.findings
        .map((f) => f.rule)
        .sort()
        .join(' ')}`,
  )
/** The probed facts, with the corrupt reason reduced to whether there is one (its wording names who found it). */
const facts = (r: Report) => ({ ...r.items[0]!.media!, corrupt: r.items[0]!.media!.corrupt !== null })

interface Outcome {
  answered: boolean
  corrupt: boolean
  disagreement: string | null
}

async function compare(mutant: Mutant, index: number): Promise<Outcome> {
  const path = join(dir, `${index}${mutant.name.includes('.mov') ? '.mov' : '.mp4'}`)
  await writeFile(path, mutant.bytes)
  const request = { media: [{ path }], targets: [...TARGET_NAMES] }
  const [own, probed] = await Promise.all([preflight(request, base), preflight(request, readerOff)])
  const answered = probeFromBoxes(await readBoxes(path), mutant.bytes.length) !== null
  await rm(path)
  const ownFacts = JSON.stringify(facts(own))
  const probedFacts = JSON.stringify(facts(probed))
  const disagreement =
    JSON.stringify(verdicts(own)) !== JSON.stringify(verdicts(probed))
      ? `${mutant.name}: verdicts ${verdicts(own).join('; ')} against ${verdicts(probed).join('; ')}`
      : ownFacts !== probedFacts
        ? `${mutant.name}: facts ${ownFacts} against ${probedFacts}`
        : null
  return { answered, corrupt: facts(probed).corrupt, disagreement }
}

/** Every mutant compared, `AT_ONCE` at a time, in order. */
async function compareAll(list: readonly Mutant[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(list.length)
  let next = 0
  const worker = async () => {
    while (next < list.length) {
      const index = next++
      outcomes[index] = await compare(list[index]!, index)
    }
  }
  await Promise.all(Array.from({ length: AT_ONCE }, worker))
  return outcomes
}

describe('the moov reader on seeded mutants', () => {
  it(`gives ffprobe's verdicts and facts on ${SAMPLES.length * PER_SAMPLE} mutants of ${SAMPLES.length} samples`, async () => {
    const samples = await Promise.all(SAMPLES.map(async (name) => ({ name, bytes: await readFile(samplePath(name)) })))
    const list = mutants(samples, PER_SAMPLE, SEED)
    expect(list).toHaveLength(SAMPLES.length * PER_SAMPLE)
    expect(mutants(samples, PER_SAMPLE, SEED).map((m) => m.name)).toEqual(list.map((m) => m.name))

    const outcomes = await compareAll(list)
    expect(outcomes.flatMap((o) => o.disagreement ?? [])).toEqual([])
    // The comparison means something only when the reader still answers for many mutants and ffprobe refuses many.
    expect(outcomes.filter((o) => o.answered).length).toBeGreaterThan(list.length / 6)
    expect(outcomes.filter((o) => o.corrupt).length).toBeGreaterThan(list.length / 6)
  }, 120_000)
})
