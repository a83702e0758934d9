// Regenerates the video samples (one defect each, see README.md); run by generate.mjs, or alone: node samples/generate-video.mjs
// Needs ffmpeg with libx264, libx265, libvpx and libmp3lame (Debian's apt ffmpeg has them).
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const out = (name) => join(here, name)
const ffmpeg = (...args) =>
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
  })

// A moving picture (orientation and motion visible) and a tone; every clip is small and short.
const picture = (size = '144x256', rate = 30, duration = 3.2) => [
  '-f',
  'lavfi',
  '-i',
  `testsrc2=size=${size}:rate=${rate}:duration=${duration}`,
]
const tone = (rate = 48000, duration = 3.2, layout = 'stereo') => [
  '-f',
  'lavfi',
  '-i',
  `sine=frequency=440:sample_rate=${rate}:duration=${duration},aformat=channel_layouts=${layout}`,
]
const h264 = ['-c:v', 'libx264', '-profile:v', 'high', '-pix_fmt', 'yuv420p', '-crf', '45']
const aac = ['-c:a', 'aac', '-b:a', '32k']
// Clean MP4s carry no edit list (one would be a warning on Meta targets) and put moov first.
const clean = ['-use_editlist', '0', '-movflags', '+faststart']
const clip = (name, ...args) => ffmpeg(...args, '-shortest', ...clean, out(name))

// Conforming: H.264 High 4:2:0 + AAC-LC 48 kHz stereo, 30 fps, 9:16, faststart, no edit list.
clip('video-ok-144x256.mp4', ...picture(), ...tone(), ...h264, ...aac)
clip('video-no-audio.mp4', ...picture(), ...h264)
clip('video-short-1s.mp4', ...picture('144x256', 30, 1), ...tone(48000, 1), ...h264, ...aac)
clip(
  'video-hevc.mp4',
  ...picture(),
  ...tone(),
  '-c:v',
  'libx265',
  '-x265-params',
  'log-level=error',
  '-pix_fmt',
  'yuv420p',
  '-crf',
  '40',
  '-tag:v',
  'hvc1',
  ...aac,
)
ffmpeg(
  ...picture(),
  ...tone(),
  ...h264,
  ...aac,
  '-shortest',
  '-movflags',
  '+faststart',
  '-use_editlist',
  '0',
  '-f',
  'mov',
  out('video-quicktime.mov'),
)
// A phone's HDR video: HEVC Main 10, HLG transfer, BT.2020 primaries, in QuickTime.
const hlg = 'log-level=error:colorprim=bt2020:transfer=arib-std-b67:colormatrix=bt2020nc'
ffmpeg(
  ...picture(),
  ...tone(),
  '-c:v',
  'libx265',
  '-x265-params',
  hlg,
  '-pix_fmt',
  'yuv420p10le',
  '-crf',
  '40',
  '-tag:v',
  'hvc1',
  ...aac,
  '-shortest',
  '-movflags',
  '+faststart',
  '-use_editlist',
  '0',
  '-f',
  'mov',
  out('video-hevc-hlg.mov'),
)
// Container and codecs
ffmpeg(
  ...picture(),
  ...tone(),
  '-c:v',
  'libvpx-vp9',
  '-b:v',
  '40k',
  '-deadline',
  'realtime',
  '-c:a',
  'libopus',
  '-b:a',
  '48k',
  '-shortest',
  out('video-vp9.webm'),
)
clip('video-mp3-audio.mp4', ...picture(), ...tone(), ...h264, '-c:a', 'libmp3lame', '-b:a', '64k')
clip('video-audio-96khz.mp4', ...picture(), ...tone(96000), ...h264, ...aac)
clip('video-audio-5.1.mp4', ...picture(), ...tone(48000, 3.2, '5.1'), ...h264, '-c:a', 'aac', '-b:a', '96k')
clip('video-audio-160kbps.mp4', ...picture(), ...tone(), ...h264, '-c:a', 'aac', '-b:a', '160k')
clip('audio-only.mp4', ...tone(), ...aac, '-f', 'mp4')
// Picture format, colour, interlacing, frame rate
clip('video-yuv444p.mp4', ...picture(), ...tone(), '-c:v', 'libx264', '-pix_fmt', 'yuv444p', '-crf', '40', ...aac)
clip('video-10bit.mp4', ...picture(), ...tone(), '-c:v', 'libx264', '-pix_fmt', 'yuv420p10le', '-crf', '40', ...aac)
clip('video-full-range.mp4', ...picture(), ...tone(), ...h264, '-color_range', 'pc', ...aac)
clip(
  'video-hdr-pq.mp4',
  ...picture(),
  ...tone(),
  ...h264,
  '-color_primaries',
  'bt2020',
  '-color_trc',
  'smpte2084',
  '-colorspace',
  'bt2020nc',
  ...aac,
)
clip('video-interlaced.mp4', ...picture(), ...tone(), ...h264, '-flags', '+ildct+ilme', '-x264-params', 'tff=1', ...aac)
clip('video-10fps.mp4', ...picture('144x256', 10), ...tone(), ...h264, ...aac)
clip('video-144fps.mp4', ...picture('64x112', 144, 3.1), ...h264, '-an')
// Size and shape: 2:1, a 4K matrix (flat colour keeps it tiny), and a rotated clip judged by its displayed size.
clip('video-wide-320x160.mp4', ...picture('320x160'), ...tone(), ...h264, ...aac)
clip('video-4096x2160.mp4', '-f', 'lavfi', '-i', 'color=c=0x1e6fd9:s=4096x2160:r=24:d=3.1', ...h264, '-an')
// Stored 2400x1350; the display matrix turns it a quarter: displayed 1350x2400 (9:16, 1350 px wide).
ffmpeg(
  '-f',
  'lavfi',
  '-i',
  'color=c=0x1e6fd9:s=2400x1350:r=30:d=3.2,drawbox=x=100:y=100:w=600:h=150:c=white:t=fill',
  ...h264,
  ...clean,
  out('tmp-unrotated.mp4'),
)
ffmpeg(
  '-i',
  out('tmp-unrotated.mp4'),
  '-c',
  'copy',
  '-metadata:s:v:0',
  'rotate=90',
  ...clean,
  out('video-rotated-2400x1350.mp4'),
)
rmSync(out('tmp-unrotated.mp4'), { force: true })
// Bitrate: one lossless noise frame at 60 fps is ~38 Mbps (over Instagram's 25, under Threads' 100) in ~110 kB.
clip(
  'video-over-bitrate.mp4',
  '-f',
  'lavfi',
  '-i',
  "nullsrc=s=320x240:r=60,geq=lum='random(1)*255':cb=128:cr=128",
  '-frames:v',
  '1',
  '-c:v',
  'libx264',
  '-qp',
  '0',
  '-pix_fmt',
  'yuv420p',
)
// Duration: 61 s and 301 s of a 16x16 grey frame at 23 fps (no B-frames, one keyframe) stay small.
const still = (seconds) => [
  '-f',
  'lavfi',
  '-i',
  `color=c=gray:s=16x16:r=23:d=${seconds}`,
  '-c:v',
  'libx264',
  '-crf',
  '51',
  '-bf',
  '0',
  '-x264-params',
  'keyint=infinite:scenecut=0',
]
clip('video-long-61s.mp4', ...still(61))
clip('video-long-301s.mp4', ...still(301))
// Box layout: moov after mdat; an edit list with an empty edit (audio starts 0.5 s late); the usual single-entry list.
ffmpeg(...picture(), ...tone(), ...h264, ...aac, '-shortest', '-use_editlist', '0', out('video-moov-at-end.mp4'))
ffmpeg(
  ...picture(),
  '-itsoffset',
  '0.5',
  ...tone(),
  '-map',
  '0:v',
  '-map',
  '1:a',
  ...h264,
  ...aac,
  '-movflags',
  '+faststart',
  out('video-edit-list-gap.mp4'),
)
ffmpeg(
  ...picture(),
  ...tone(),
  ...h264,
  ...aac,
  '-shortest',
  '-movflags',
  '+faststart',
  out('video-edit-list-priming.mp4'),
)
// Looped clips (`-stream_loop -c copy`, as a concatenated upload): frame durations break at each join.
// A join 7 s in lies past ffmpeg's stream analysis; one 2 s in lies inside it, and ffprobe then says 60 fps.
const looped = (name, seconds, loops) => {
  ffmpeg(
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=32x32:rate=30:duration=${seconds}`,
    ...tone(8000, seconds, 'mono'),
    '-c:v',
    'libx264',
    '-crf',
    '51',
    '-c:a',
    'aac',
    '-b:a',
    '8k',
    '-shortest',
    out('tmp-loop.mp4'),
  )
  ffmpeg('-stream_loop', String(loops), '-i', out('tmp-loop.mp4'), '-c', 'copy', '-movflags', '+faststart', out(name))
  rmSync(out('tmp-loop.mp4'), { force: true })
}
looped('video-looped-late-join.mp4', 7, 1)
looped('video-looped-early-join.mp4', 2, 2)
