// Rule catalogue, media family: whether the bytes are media at all, and of the right kind.
import type { MediaKind } from '../facts.js'

export interface MediaRules {
  'media.unknown_type': {
    scope: 'item'
    /** Mastodon lists the MIME types it takes; Meta targets take any image or video type. */
    limit: { supportedMimes?: readonly string[] }
    args: { mime: string | null }
    tier: never
  }
  'media.corrupt': {
    scope: 'item'
    limit: null
    args: { kind: MediaKind; reason: string }
    /** Meta answers a corrupt video with another code than a corrupt image. */
    tier: 'video'
  }
  'media.kind': { scope: 'item'; limit: { allowed: readonly MediaKind[] }; args: { kind: MediaKind }; tier: never }
}
