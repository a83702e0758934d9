// Wording of the media family: not media, unreadable media, media of the wrong kind.
import { CLEAN_JPEG, META_VIDEO } from './fixes.js'
import type { Renderers } from './render.js'

export const mediaMessages: Renderers<'media'> = {
  'media.unknown_type': ({ mime }, { value }, site) => ({
    message: mime
      ? `The file is ${mime}, which ${site} does not accept.`
      : `The bytes are not a known image or video format (checked by content, not by name or header).`,
    expected: value.supportedMimes ? `one of ${value.supportedMimes.join(', ')}` : 'an image or video file',
    actual: mime ?? 'unknown',
    fix: mime
      ? 'Convert it: images to JPEG or PNG, videos to MP4 (H.264/AAC).'
      : 'Link or upload the media file itself, not a page, an archive or a document.',
  }),
  'media.corrupt': ({ kind, reason }, _limit, site) => ({
    message: `The ${kind === 'unknown' ? 'file' : kind} could not be decoded (${reason}); ${site} will reject it.`,
    expected: 'a decodable file',
    actual: reason,
    // An audio file that does not decode is re-encoded as a video's audio is (the same command keeps a picture-less file so).
    fix:
      kind === 'video' || kind === 'audio'
        ? `Re-export the ${kind}: ${META_VIDEO}`
        : `Re-export the image: ${CLEAN_JPEG}`,
  }),
  'media.kind': ({ kind }, { value }, site) => ({
    message: `This is ${kind === 'image' ? 'an image' : kind === 'audio' ? 'an audio file' : 'a video'}; ${site} takes ${value.allowed.join(' or ')} only.`,
    expected: value.allowed.join(' or '),
    actual: kind,
    fix:
      kind === 'video'
        ? 'Post videos as a Reel (instagram.reels), or pick a target that takes video.'
        : kind === 'image'
          ? 'Post images to the feed (instagram.feed), or pick a target that takes images.'
          : 'Add a picture track, or post the audio where audio is accepted (mastodon).',
  }),
}
