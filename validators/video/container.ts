// video.container, video.no_video_stream, video.moov_position: the file around the streams.
import type { Check } from '../../src/rule-types.js'

export const container: Check<'video.container'> = ({ media }, { value }) => {
  if (media?.kind !== 'video' || media.corrupt) return []
  if (media.container && value.accept.includes(media.container)) return []
  const args = { container: media.container }
  if (media.container && value.warn?.includes(media.container)) return [{ rule: 'video.container', args, tier: 'warn' }]
  return [{ rule: 'video.container', args }]
}

export const noVideoStream: Check<'video.no_video_stream'> = ({ media }) => {
  if (media?.kind !== 'video' || media.video || media.corrupt) return []
  return [{ rule: 'video.no_video_stream', args: { mime: media.mime } }]
}

export const moovPosition: Check<'video.moov_position'> = ({ media }) => {
  if (media?.kind !== 'video' || media.moovAtFront !== false) return []
  return [{ rule: 'video.moov_position', args: { container: media.container } }]
}
