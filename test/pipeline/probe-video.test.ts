// Pure parts of the video probe: ffprobe's stream entries → facts, rotation, computed bitrate, pixel formats.
import { describe, expect, it } from 'vitest'
import { pixelLayout } from '../../src/media/pixel-format.js'
import { rotationOf, videoFacts } from '../../src/pipeline/probe-video.js'

describe('rotationOf (clockwise degrees)', () => {
  it.each([
    [{}, 0],
    [{ side_data_list: [{ rotation: -90 }] }, 90], // the display matrix turns counter-clockwise
    [{ side_data_list: [{ rotation: 90 }] }, 270],
    [{ side_data_list: [{ rotation: 180 }] }, 180],
    [{ tags: { rotate: '90' } }, 90], // the legacy QuickTime tag turns clockwise
    [{ tags: { rotate: '270' } }, 270],
    [{ tags: { rotate: '-90' } }, 270],
    [{ tags: { rotate: 'sideways' } }, 0],
    [{ side_data_list: [{ rotation: -90 }], tags: { rotate: '180' } }, 90], // the matrix wins
  ])('%j → %i', (stream, expected) => expect(rotationOf(stream)).toBe(expected))
})

describe('videoFacts', () => {
  const whole = { sizeBytes: 1_000_000, durationS: 10, audioBitrate: 128_000 }
  it('computes the video bitrate from size, audio bitrate and duration when the stream has none (§0.1)', () => {
    expect(videoFacts({ codec_name: 'vp9' }, whole)).toMatchObject({ bitrate: 672_000, bitrateComputed: true })
    expect(videoFacts({ codec_name: 'h264', bit_rate: '500000' }, whole)).toMatchObject({
      bitrate: 500_000,
      bitrateComputed: false,
    })
  })
  it('takes frames / duration when the average frame rate is missing, and flags a variable rate', () => {
    expect(videoFacts({ nb_frames: '300', duration: '12', r_frame_rate: '25/1' }, whole)).toMatchObject({
      fps: 25,
      variableFrameRate: false,
    })
    expect(videoFacts({ avg_frame_rate: '24000/1001', r_frame_rate: '60/1' }, whole)).toMatchObject({
      fps: 23.98,
      realFps: 60,
      variableFrameRate: true,
    })
  })
  it('reads the sample aspect ratio, square when absent or 0:1', () => {
    expect(videoFacts({ sample_aspect_ratio: '4:3' }, whole).sampleAspect).toEqual({ num: 4, den: 3 })
    expect(videoFacts({ sample_aspect_ratio: '0:1' }, whole).sampleAspect).toEqual({ num: 1, den: 1 })
  })
})

describe('pixelLayout', () => {
  it.each([
    ['yuv420p', '4:2:0', 8, false],
    ['yuvj420p', '4:2:0', 8, true],
    ['yuv420p10le', '4:2:0', 10, false],
    ['yuv422p10le', '4:2:2', 10, false],
    ['yuv444p', '4:4:4', 8, false],
    ['yuva420p', '4:2:0', 8, false],
    ['nv12', '4:2:0', 8, false],
    ['p010le', '4:2:0', 10, false],
    ['gray', 'mono', 8, false],
    ['gbrp10le', 'rgb', 10, false],
    ['rgb24', 'rgb', 8, false],
    ['rgb48le', 'rgb', 16, false],
    ['something-new', null, null, false],
  ])('%s → %s, %s bit, full range %s', (pixFmt, chroma, bitDepth, fullRange) => {
    expect(pixelLayout(pixFmt)).toEqual({ chroma, bitDepth, fullRange })
  })
})
