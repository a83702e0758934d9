// Mastodon's passthrough test: why a video would be re-encoded rather than kept as sent (MSRC transcoder).
import type { MediaFacts } from '../../src/facts.js'
import type { Passthrough } from '../../src/rules/index.js'

/** Each reason the file falls outside `spec`, e.g. `container webm`; empty when it is kept as sent. */
export function reencodeReasons(media: MediaFacts, spec: Passthrough): string[] {
  const reasons: string[] = []
  const { container, video, audio } = media
  if (!container || !spec.containers.includes(container)) reasons.push(`container ${container ?? 'unknown'}`)
  if (!video || !spec.codecs.includes(video.codec)) reasons.push(`codec ${video?.codec ?? 'none'}`)
  if (video && (!video.pixFmt || !spec.pixFmts.includes(video.pixFmt)))
    reasons.push(`pixel format ${video.pixFmt ?? 'unknown'}`)
  if (audio && !spec.audioCodecs.includes(audio.codec)) reasons.push(`audio ${audio.codec}`)
  return reasons
}
