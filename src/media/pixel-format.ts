// Pixel format names (ffprobe's pix_fmt) → chroma subsampling, bit depth and range.

export interface PixelLayout {
  /** `4:2:0`, `4:2:2`, `4:4:4`, `4:1:1`, `4:4:0`, `rgb`, `mono`; null when the name is unknown. */
  chroma: string | null
  bitDepth: number | null
  /** `yuvj*` formats are full range by definition, whatever the stream's colour range says. */
  fullRange: boolean
}

const SEMI_PLANAR: Record<string, [string, number]> = {
  nv12: ['4:2:0', 8],
  nv21: ['4:2:0', 8],
  p010: ['4:2:0', 10],
  p016: ['4:2:0', 16],
  nv16: ['4:2:2', 8],
  p210: ['4:2:2', 10],
  nv24: ['4:4:4', 8],
  p410: ['4:4:4', 10],
  yuyv422: ['4:2:2', 8],
  uyvy422: ['4:2:2', 8],
  y210: ['4:2:2', 10],
}

export function pixelLayout(pixFmt: string | null): PixelLayout {
  const name = (pixFmt ?? '').replace(/(le|be)$/, '')
  const yuv = /^yuv(j?)a?(420|422|444|411|440|410)p(\d+)?$/.exec(name)
  if (yuv) {
    const [, j, sub, depth] = yuv as unknown as [string, string, string, string | undefined]
    return { chroma: `${sub[0]}:${sub[1]}:${sub[2]}`, bitDepth: depth ? Number(depth) : 8, fullRange: j === 'j' }
  }
  const semi = SEMI_PLANAR[name]
  if (semi) return { chroma: semi[0], bitDepth: semi[1], fullRange: false }
  const gray = /^(?:gray|ya)(\d+)?$/.exec(name)
  if (gray) return { chroma: 'mono', bitDepth: gray[1] ? Number(gray[1]) : 8, fullRange: false }
  const rgb = /^(?:gbra?p|rgba?|bgra?|argb|abgr|rgb0|bgr0|0rgb|0bgr|rgb|bgr)(\d+)?/.exec(name)
  if (rgb) return { chroma: 'rgb', bitDepth: rgbDepth(rgb[1]), fullRange: false }
  return { chroma: null, bitDepth: null, fullRange: false }
}

/** gbrp10 → 10 bits per component; rgb24 and rgb48 name the bits of the whole pixel. */
function rgbDepth(digits: string | undefined): number {
  const n = digits ? Number(digits) : 8
  return n >= 48 ? 16 : n >= 24 ? 8 : n
}
