// Validated request bodies → a PreflightRequest, or the contract's 4xx ServiceError.
import type { z } from 'zod'
import { ServiceError } from '../errors.js'
import { nearestName } from '../nearest-name.js'
import type { MediaInput } from '../pipeline/acquire.js'
import type { PreflightRequest } from '../pipeline/preflight.js'
import { isTargetName, TARGET_NAMES, type TargetName } from '../../platforms/targets.js'
import type { PostFields, PreflightBody } from './schemas.js'
import { isHttpUrl, readMediaUrl } from '../fetch/http-url.js'

/** zod's first issue as the contract's error (a field of the wrong type, a missing field). */
export function fromZod(error: z.ZodError): ServiceError {
  const issue = error.issues[0]
  const field = issue?.path.join('.') || 'body'
  if (field === 'targets' || field.startsWith('targets.')) {
    return new ServiceError('missing_targets', `targets is required: one or more of ${TARGET_NAMES.join(', ')}.`)
  }
  return new ServiceError('invalid_field', `Field "${field}": ${issue?.message ?? 'invalid'}.`)
}

export function targetsOf(names: readonly string[]): TargetName[] {
  if (names.length === 0) {
    throw new ServiceError('missing_targets', `targets is required: one or more of ${TARGET_NAMES.join(', ')}.`)
  }
  const unknown = names.filter((n) => !isTargetName(n))
  if (unknown.length > 0) {
    const shown = unknown
      .slice(0, 3)
      .map((n) => JSON.stringify(n.slice(0, 40)))
      .join(', ')
    const near = unknown.length === 1 ? nearestName(unknown[0]!, TARGET_NAMES) : null
    const hint = near ? ` (did you mean "${near}"?)` : ''
    throw new ServiceError(
      'unknown_target',
      `Unknown target ${shown}${hint}; known targets: ${TARGET_NAMES.join(', ')}.`,
    )
  }
  return [...new Set(names)] as TargetName[]
}

/** Only absolute http(s) URLs: anything else is a malformed request, not a media problem. */
export function mediaUrl(text: string): MediaInput {
  const url = readMediaUrl(text)
  if (!url.parsed) throw new ServiceError('invalid_url', 'Each media url must be an absolute http(s) URL.')
  return { url }
}

export function toRequest(fields: PostFields, media: MediaInput[], maxItems: number): PreflightRequest {
  const targets = targetsOf(fields.targets)
  if (media.length === 0)
    throw new ServiceError('missing_media', 'Give the media: `url`, `media: [{ url }]`, or a `file` upload.')
  if (media.length > maxItems) throw new ServiceError('too_many_items', `At most ${maxItems} media items per request.`)
  const { caption, spoilerText, altText, thumbOffsetMs, productTags, depth } = fields
  const { title, xPremium, tiktokVerifiedPrefixes, tiktokMaxDurationS } = fields
  return {
    media,
    targets,
    post: {
      caption,
      spoilerText,
      altText,
      thumbOffsetMs,
      productTags,
      title,
      xPremium,
      tiktokVerifiedPrefixes,
      tiktokMaxDurationS,
    },
    depth: depth ?? 'full',
    ...(fields.mastodonInstance ? { mastodonInstance: instanceOrigin(fields.mastodonInstance) } : {}),
  }
}

/** `https://mastodon.example/@someone` or `mastodon.example` → `https://mastodon.example`: the API lives at the origin. */
export function instanceOrigin(text: string): string {
  const message = 'Field "mastodonInstance": give the instance as an http(s) URL or a host name.'
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`)
  } catch {
    throw new ServiceError('invalid_field', message)
  }
  if (!isHttpUrl(url) || url.username || url.password) throw new ServiceError('invalid_field', message)
  return url.origin
}

/** A validated JSON body (`url` and/or `media[]`) → a PreflightRequest. */
export function fromBody(body: PreflightBody, maxItems: number): PreflightRequest {
  const urls = [...(body.url !== undefined ? [body.url] : []), ...(body.media ?? []).map((m) => m.url)]
  return toRequest(body, urls.map(mediaUrl), maxItems)
}
