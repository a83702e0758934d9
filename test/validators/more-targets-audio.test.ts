// What no test file here can carry: HE-AAC audio (Debian's ffmpeg encodes AAC LC only), judged on X's facts.
import { expect, it } from 'vitest'
import { x } from '../../platforms/x.js'
import { audioCodec } from '../../validators/audio/audio.js'
import { item, videoMedia } from '../helpers/facts.js'

it.each([
  ['LC', []],
  ['HE-AAC', ['audio.codec']],
  ['HE-AACv2', ['audio.codec']],
])('X takes AAC LC only: %s → %j', (profile, rules) => {
  const found = audioCodec(item(videoMedia({}, {}, { profile })), x.rules['audio.codec'])
  expect(found.map((f) => f.rule)).toEqual(rules)
})
