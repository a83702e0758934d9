// Thumbnails for the HTML report: small WebP data URIs of local images and video poster frames, bounded in size and count.
import sharp from 'sharp'
import type { Asset } from './assets.js'
import { mapBounded } from '../services/each-bounded.js'
import { posterFrame } from './poster-frame.js'

const SIDE = 96
// A thumbnail over this is dropped rather than bloat the page.
const MAX_BYTES = 12 * 1024
// Past this many the page would be too heavy to open: the remaining rows show no thumbnail.
const MAX_THUMBNAILS = 2000

export interface ThumbnailAsset {
  name: string
  input: Asset['input']
  kind: 'image' | 'video'
}

/** Asset name → data URI, for local images and videos (a poster frame); URLs' bytes are gone once checked. */
export async function thumbnails(assets: readonly ThumbnailAsset[], concurrency: number): Promise<Map<string, string>> {
  const local = assets
    .filter((a): a is ThumbnailAsset & { input: { path: string } } => 'path' in a.input)
    .slice(0, MAX_THUMBNAILS)
  const made = await mapBounded(local, concurrency, async ({ name, input, kind }) => {
    const source = kind === 'video' ? await posterFrame(input.path, SIDE * 2) : input.path
    return [name, source === null ? null : await thumbnail(source)] as const
  })
  return new Map(made.filter((entry): entry is readonly [string, string] => entry[1] !== null))
}

async function thumbnail(source: string | Buffer): Promise<string | null> {
  try {
    const data = await sharp(source, { limitInputPixels: 100_000_000, failOn: 'none' })
      .rotate()
      .resize(SIDE, SIDE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 60 })
      .toBuffer()
    return data.length > MAX_BYTES ? null : `data:image/webp;base64,${data.toString('base64')}`
  } catch {
    return null
  }
}
