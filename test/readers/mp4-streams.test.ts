// The moov reader against ffprobe: on every MP4/QuickTime sample both give the same facts, or the reader steps aside.
import { readdir, stat } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { readBoxes } from '../../src/media/mp4-boxes.js'
import { probeFromBoxes } from '../../src/media/mp4-streams.js'
import { probeVideo } from '../../src/pipeline/probe-video.js'
import { sniff } from '../../src/pipeline/sniff.js'
import { loadConfig } from '../../src/config.js'
import { SAMPLES, samplePath } from '../helpers/samples.js'

const config = loadConfig(process.env)
const ffprobe = { ffprobePath: config.FFPROBE_PATH, timeoutMs: 20_000 }
const boxed = (await readdir(SAMPLES)).filter((name) => /\.(mp4|mov)$/.test(name)).sort()

// What ffprobe alone decides: interlaced fields, MP3 audio, an audio-only file, timing ffmpeg estimates.
const LEFT_TO_FFPROBE = ['audio-only.mp4', 'video-interlaced.mp4', 'video-looped-early-join.mp4', 'video-mp3-audio.mp4']

async function both(name: string) {
  const path = samplePath(name)
  const sniffed = await sniff(path)
  const { size } = await stat(path)
  const [own, probed] = await Promise.all([
    probeVideo(path, sniffed, size, ffprobe),
    probeVideo(path, sniffed, size, { ...ffprobe, moovFacts: false }),
  ])
  return { own, probed, answered: probeFromBoxes(await readBoxes(path), size) !== null }
}

describe('the moov reader', () => {
  it('has samples to compare', () => {
    expect(boxed.length).toBeGreaterThanOrEqual(25)
  })

  it.each(boxed)('%s: the same facts as ffprobe', async (name) => {
    const { own, probed, answered } = await both(name)
    expect(answered).toBe(!LEFT_TO_FFPROBE.includes(name))
    expect(own).toEqual(probed)
  })
})
