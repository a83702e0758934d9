// The browser's own reading of a file: kind, size and duration before the upload ends, and a video's poster frame.
import type { MediaKind, ProvisionalCheck } from './types.js'

type Named = Blob & { name?: string }

/** Every local reading gives up after this: a file the browser cannot decode must not hold anything up. */
const LOCAL_TIMEOUT_MS = 8000

function kindOf(type: string): MediaKind {
  const major = type.split('/')[0]
  return major === 'image' || major === 'video' || major === 'audio' ? major : 'unknown'
}

/** Reads type, dimensions and duration with the browser's decoders; marked provisional: the service decides. */
export async function localCheck(file: Named): Promise<ProvisionalCheck> {
  const kind = kindOf(file.type)
  const base = {
    provisional: true as const,
    name: file.name ?? '',
    sizeBytes: file.size,
    kind,
    type: file.type || null,
  }
  const unread = { ...base, decodable: false, width: null, height: null, durationS: null }
  if (kind === 'image') {
    const bitmap = await withTimeout(createImageBitmap(file)).catch(() => null)
    if (!bitmap) return unread
    const read = { ...base, decodable: true, width: bitmap.width, height: bitmap.height, durationS: null }
    bitmap.close()
    return read
  }
  if (kind === 'video' || kind === 'audio') {
    const meta = await withMediaElement(file, kind, async (el) => {
      await once(el, 'loadedmetadata')
      const video = el instanceof HTMLVideoElement ? el : null
      return {
        width: video?.videoWidth || null,
        height: video?.videoHeight || null,
        durationS: Number.isFinite(el.duration) ? el.duration : null,
      }
    }).catch(() => null)
    return meta ? { ...base, decodable: true, ...meta } : unread
  }
  return unread
}

/** A frame from about a second in (or a third of a short clip) as a JPEG, or null when the browser cannot decode the video. */
export async function posterFrame(file: Blob): Promise<Blob | null> {
  return withMediaElement(file, 'video', async (el) => {
    const video = el as HTMLVideoElement
    await once(video, 'loadedmetadata')
    video.currentTime = Math.min(1, (video.duration || 0) / 3)
    await once(video, 'seeked')
    const canvas = document.createElement('canvas')
    canvas.width = video.videoWidth
    canvas.height = video.videoHeight
    canvas.getContext('2d')?.drawImage(video, 0, 0)
    return new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85))
  }).catch(() => null)
}

async function withMediaElement<T>(
  file: Blob,
  kind: 'video' | 'audio',
  use: (el: HTMLMediaElement) => Promise<T>,
): Promise<T> {
  const el = document.createElement(kind)
  el.preload = 'auto'
  el.muted = true
  const url = URL.createObjectURL(file)
  el.src = url
  try {
    return await withTimeout(use(el))
  } finally {
    el.removeAttribute('src')
    el.load() // releases the decoder
    URL.revokeObjectURL(url)
  }
}

function once(el: HTMLMediaElement, event: string): Promise<void> {
  return new Promise((resolve, reject) => {
    el.addEventListener(event, () => resolve(), { once: true })
    el.addEventListener('error', () => reject(new Error('The browser cannot decode this media.')), { once: true })
  })
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('Local reading timed out.')), LOCAL_TIMEOUT_MS)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}
