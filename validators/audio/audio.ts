// audio.codec, audio.sample_rate, audio.channels, audio.bitrate: the audio track of a video (silence passes).
import type { MediaFacts } from '../../src/facts.js'
import type { Check } from '../../src/rule-types.js'

/** The audio track of a video; audio-only files are judged by media.kind and Mastodon's audio.codec note. */
const trackOf = (media: MediaFacts | null) => (media?.kind === 'video' ? media.audio : null)

export const audioCodec: Check<'audio.codec'> = ({ media }, { value }) => {
  if (value.applies === 'audio_only') {
    if (media?.kind !== 'audio' || !media.audio) return []
    return [{ rule: 'audio.codec', args: { codec: media.audio.codec, profile: media.audio.profile, audioOnly: true } }]
  }
  const audio = trackOf(media)
  if (!audio) return []
  const profileOk = !value.profiles || audio.profile === null || value.profiles.includes(audio.profile)
  if (value.accept.includes(audio.codec) && profileOk) return []
  return [{ rule: 'audio.codec', args: { codec: audio.codec, profile: audio.profile, audioOnly: false } }]
}

export const sampleRate: Check<'audio.sample_rate'> = ({ media }, { value }) => {
  const sampleRateHz = trackOf(media)?.sampleRate
  if (!sampleRateHz || (sampleRateHz <= value.max && sampleRateHz >= (value.min ?? 0))) return []
  return [{ rule: 'audio.sample_rate', args: { sampleRate: sampleRateHz } }]
}

export const channels: Check<'audio.channels'> = ({ media }, { value }) => {
  const count = trackOf(media)?.channels
  if (!count || (count >= value.min && count <= value.max)) return []
  return [{ rule: 'audio.channels', args: { channels: count } }]
}

export const audioBitrate: Check<'audio.bitrate'> = ({ media }, { value }) => {
  const bitrate = trackOf(media)?.bitrate
  if (!bitrate || (bitrate <= (value.max ?? Infinity) && bitrate >= (value.min ?? 0))) return []
  return [{ rule: 'audio.bitrate', args: { bitrate } }]
}
