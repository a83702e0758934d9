#!/usr/bin/env node
// Regenerates every file in samples/ (see README.md here for what each one triggers).
// Needs the project's sharp (npm ci) and, for video, audio, APNG and HEIC, ffmpeg and ImageMagick
// (apt-get install ffmpeg imagemagick). Tests use the committed files; run this only to change them.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'

const here = dirname(fileURLToPath(import.meta.url))
const out = (name) => join(here, name)
const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] })
const ffmpeg = (...args) => run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args])

/** A small, compressible picture: a diagonal gradient with a few bars, so orientation is visible. */
function picture(width, height) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#1e6fd9"/><stop offset="1" stop-color="#f2a33a"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <rect x="${width * 0.1}" y="${height * 0.1}" width="${width * 0.2}" height="${height * 0.05}" fill="#fff"/>
  </svg>`
  return sharp(Buffer.from(svg))
}

const jpeg = (width, height, name, tweak = (s) => s) =>
  tweak(picture(width, height)).jpeg({ quality: 60 }).toFile(out(name))

// --- images
await jpeg(1080, 1350, 'feed-ok-1080x1350.jpg')
await picture(1080, 1080).png({ compressionLevel: 9, palette: true }).toFile(out('square-1080.png'))
await jpeg(1080, 1920, 'tall-1080x1920.jpg')
await jpeg(2000, 1000, 'wide-2000x1000.jpg')
await jpeg(200, 250, 'small-200x250.jpg')
await jpeg(2048, 1536, 'large-2048x1536.jpg')
// Stored landscape (passes 4:5-1.91:1 as stored); EXIF 6 displays it 900x1600, too tall for the feed.
await jpeg(1600, 900, 'phone-portrait-exif6.jpg', (s) => s.withMetadata({ orientation: 6 }))
// Stored 1350x1080 with EXIF 6: displayed 1080x1350, a good feed image only once orientation is applied.
await jpeg(1350, 1080, 'phone-landscape-stored-exif6.jpg', (s) => s.withMetadata({ orientation: 6 }))
await picture(800, 1000).toColourspace('cmyk').jpeg({ quality: 60 }).toFile(out('cmyk-800x1000.jpg'))
await jpeg(800, 1000, 'display-p3-800x1000.jpg', (s) => s.withIccProfile('p3'))
await jpeg(800, 1000, 'srgb-profile-800x1000.jpg', (s) => s.withIccProfile('srgb'))
await picture(800, 1000).webp({ quality: 50 }).toFile(out('still-800x1000.webp'))
await picture(800, 1000).avif({ quality: 40 }).toFile(out('photo-800x1000.avif'))
await picture(800, 1000).tiff({ compression: 'jpeg', quality: 50 }).toFile(out('photo-800x1000.tiff'))
run('convert', [out('feed-ok-1080x1350.jpg'), '-resize', '400x500', '-quality', '50', out('photo-400x500.heic')])

// Animated: three flat frames stacked into one strip, written as GIF, WebP and (with ffmpeg) APNG.
const colours = ['#1e6fd9', '#f2a33a', '#2fb36b']
const frames = await Promise.all(
  colours.map((background) =>
    sharp({ create: { width: 320, height: 400, channels: 4, background } })
      .raw()
      .toBuffer(),
  ),
)
const strip = { raw: { width: 320, height: 1200, channels: 4, pageHeight: 400 } }
await sharp(Buffer.concat(frames), strip)
  .gif({ loop: 0, delay: [200, 200, 200] })
  .toFile(out('animated-320x400.gif'))
await sharp(Buffer.concat(frames), strip)
  .webp({ loop: 0, delay: [200, 200, 200] })
  .toFile(out('animated-320x400.webp'))
await sharp(Buffer.concat(frames), { raw: { width: 320, height: 1200, channels: 4 } })
  .png()
  .toFile(out('tmp-strip.png'))
ffmpeg('-i', out('tmp-strip.png'), '-vf', 'untile=1x3', '-plays', '0', '-f', 'apng', out('animated-320x400.png'))
rmSync(out('tmp-strip.png'), { force: true })

// A GIF over Mastodon's 1280x720 GIF matrix, and images over its still-image pixel limits (1-bit PNGs stay tiny).
await sharp({ create: { width: 1400, height: 800, channels: 3, background: '#1e6fd9' } })
  .gif()
  .toFile(out('gif-1400x800.gif'))
await sharp({ create: { width: 8000, height: 4500, channels: 3, background: '#808080' } })
  .png({ palette: true, colours: 2, compressionLevel: 9 })
  .toFile(out('huge-8000x4500.png'))
await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#808080' } })
  .png({ palette: true, colours: 2, compressionLevel: 9 })
  .toFile(out('big-4000x3000.png'))

// Multi-picture JPEGs: an APP2 "MPF" segment listing a disparity image (stereo MPO) or an undefined one (gain map).
function withMpf(jpegBytes, entryType) {
  const le = (n, size) => {
    const b = Buffer.alloc(size)
    if (size === 2) b.writeUInt16LE(n)
    else b.writeUInt32LE(n)
    return b
  }
  const entries = Buffer.concat([
    le(0x030000 | 0x20000000, 4),
    le(jpegBytes.length, 4),
    le(0, 4),
    le(0, 2),
    le(0, 2),
    le(entryType, 4),
    le(0, 4),
    le(0, 4),
    le(0, 2),
    le(0, 2),
  ])
  const ifd = Buffer.concat([
    le(2, 2),
    le(0xb000, 2),
    le(7, 2),
    le(4, 4),
    Buffer.from('0100'),
    le(0xb002, 2),
    le(7, 2),
    le(entries.length, 4),
    le(8 + 2 + 24 + 4, 4),
    le(0, 4),
  ])
  const tiff = Buffer.concat([Buffer.from('II'), le(0x2a, 2), le(8, 4), ifd, entries])
  const body = Buffer.concat([Buffer.from('MPF\0', 'latin1'), tiff])
  const segment = Buffer.concat([
    Buffer.from([0xff, 0xe2]),
    Buffer.from([(body.length + 2) >> 8, (body.length + 2) & 0xff]),
    body,
  ])
  return Buffer.concat([jpegBytes.subarray(0, 2), segment, jpegBytes.subarray(2)])
}
const base = readFileSync(out('feed-ok-1080x1350.jpg'))
writeFileSync(out('stereo-mpo-1080x1350.jpg'), withMpf(base, 0x020002))
writeFileSync(out('gain-map-mpf-1080x1350.jpg'), withMpf(base, 0x000000))

// Not what the name says: text named .jpg, a PNG named .jpg, a JPEG cut in half.
writeFileSync(out('not-an-image.jpg'), 'This is a text file with a .jpg name.\n')
writeFileSync(out('png-named.jpg'), readFileSync(out('square-1080.png')))
const big = await picture(1080, 1350).jpeg({ quality: 80 }).toBuffer()
writeFileSync(out('truncated-1080x1350.jpg'), big.subarray(0, Math.floor(big.length / 2)))

// --- video and audio
ffmpeg(
  '-f',
  'lavfi',
  '-i',
  'testsrc2=size=360x640:rate=30:duration=3.2',
  '-f',
  'lavfi',
  '-i',
  'sine=frequency=440:sample_rate=48000:duration=3.2',
  '-c:v',
  'libx264',
  '-profile:v',
  'high',
  '-pix_fmt',
  'yuv420p',
  '-crf',
  '35',
  '-c:a',
  'aac',
  '-b:a',
  '64k',
  '-ac',
  '2',
  '-shortest',
  '-movflags',
  '+faststart',
  out('clip-360x640.mp4'),
)
ffmpeg(
  '-f',
  'lavfi',
  '-i',
  'sine=frequency=440:sample_rate=44100:duration=1',
  '-c:a',
  'libmp3lame',
  '-b:a',
  '32k',
  out('tone.mp3'),
)
await import('./generate-video.mjs')
console.log('samples written to', here)
