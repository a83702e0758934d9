// Wording of the audio family: the audio track of a video, and audio-only attachments.
import type { Renderers } from './render.js'

export const audioMessages: Renderers<'audio'> = {
  'audio.codec': ({ codec, profile, audioOnly }, { value }, site) =>
    audioOnly
      ? {
          message: `${site} re-encodes audio attachments to MP3 (this one is ${codec}).`,
          expected: null,
          actual: codec,
          fix: null,
        }
      : {
          message: `The audio track is ${codec}${profile ? ` (${profile})` : ''}; ${site} takes ${value.accept.join(' or ')}${
            value.profiles ? ` (${value.profiles.join(', ')})` : ''
          }.`,
          expected: value.accept.join(' or '),
          actual: profile ? `${codec} ${profile}` : codec,
          fix: 'Re-encode the audio: ffmpeg -i in.mp4 -c:v copy -c:a aac -b:a 128k out.mp4',
        },
  'audio.sample_rate': ({ sampleRate }, { value }, site) => ({
    message: `The audio is sampled at ${sampleRate / 1000} kHz; ${site} ${
      value.min === value.max ? 'asks for' : `accepts ${value.min === undefined ? 'at most' : `${value.min / 1000} to`}`
    } ${value.max / 1000} kHz.`,
    expected: value.min === value.max ? `${value.max}` : `<= ${value.max}`,
    actual: sampleRate,
    fix: `Resample: ffmpeg -i in.mp4 -c:v copy -c:a aac -ar ${value.max} out.mp4`,
  }),
  'audio.channels': ({ channels }, { value }, site) => ({
    message: `The audio has ${channels} channels; ${site} takes ${value.min === value.max ? value.max : `${value.min} or ${value.max}`}.`,
    expected: `${value.min}-${value.max}`,
    actual: channels,
    fix: `Downmix to stereo: ffmpeg -i in.mp4 -c:v copy -c:a aac -ac ${value.max} out.mp4`,
  }),
  'audio.bitrate': ({ bitrate }, { value }, site) =>
    value.max !== undefined && bitrate > value.max
      ? {
          message: `The audio runs at ${Math.round(bitrate / 1000)} kbps; ${site} re-encodes audio above ${value.max / 1000} kbps.`,
          expected: `<= ${value.max}`,
          actual: bitrate,
          fix: `ffmpeg -i in.mp4 -c:v copy -c:a aac -b:a ${value.max / 1000}k out.mp4`,
        }
      : {
          message: `The audio runs at ${Math.round(bitrate / 1000)} kbps; ${site} recommends at least ${(value.min ?? 0) / 1000} kbps.`,
          expected: `>= ${value.min}`,
          actual: bitrate,
          fix: `ffmpeg -i in.mp4 -c:v copy -c:a aac -b:a ${(value.min ?? 0) / 1000}k out.mp4`,
        },
}
