// video.codec: the video codec against the accepted list, or (Mastodon) whether the file is kept as sent.
import type { Check } from '../../src/rule-types.js'
import { reencodeReasons } from './passthrough.js'
import { videoItem } from './stream.js'

export const codec: Check<'video.codec'> = ({ media }, { value }) => {
  const item = videoItem(media)
  if (!item) return []
  const args = { codec: item.video.codec, reencoded: value.passthrough ? reencodeReasons(item, value.passthrough) : [] }
  if (value.passthrough) return args.reencoded.length > 0 ? [{ rule: 'video.codec', args }] : []
  if (value.accept.includes(item.video.codec)) return []
  return [{ rule: 'video.codec', args, ...(value.warn?.includes(item.video.codec) ? { tier: 'warn' as const } : {}) }]
}
