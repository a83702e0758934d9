// Fix commands quoted by several messages (PLATFORM-RULES.md §0.2 snippets J and V, PLATFORM-RULES-MORE.md §0.4 VX, JB and VF).

/** J: a clean, upright, sRGB JPEG (ImageMagick 7; `convert` instead of `magick` on ImageMagick 6). */
export const CLEAN_JPEG = 'magick in -auto-orient -background white -flatten -colorspace sRGB -quality 90 out.jpg'

/** V: a video every Meta target takes. */
export const META_VIDEO =
  'ffmpeg -i in -c:v libx264 -profile:v high -pix_fmt yuv420p -vf "scale=\'min(1920,iw)\':-2" -crf 20 ' +
  '-maxrate 25M -bufsize 50M -c:a aac -b:a 128k -ar 48000 -ac 2 -use_editlist 0 -movflags +faststart out.mp4'

/** VX: an X post video, inside 1280x1024 either way round, square pixels, closed GOPs (drop the scale to keep a smaller input). */
export const X_VIDEO =
  "ffmpeg -i in -c:v libx264 -profile:v high -pix_fmt yuv420p -vf \"scale='if(gte(iw,ih),1280,1024)':'if(gte(iw,ih),1024,1280)'" +
  ':force_original_aspect_ratio=decrease:force_divisible_by=2,setsar=1,fps=30" -flags +cgop -c:a aac -profile:a aac_low ' +
  '-b:a 128k -ac 2 -movflags +faststart out.mp4'

/** JB: a Bluesky image blob, at most 4000 px and 2,000,000 B (lower the quality until it fits). */
export const BLUESKY_IMAGE =
  "sharp(input).rotate().resize({ width: 4000, height: 4000, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 85, mozjpeg: true }), lowering quality until the file is at most 2,000,000 B"
/** VF: a Facebook Reels/Stories video: 1080x1920, closed 2 s GOP, constant 30 fps, AAC LC 48 kHz stereo. */
export const FACEBOOK_VIDEO =
  'ffmpeg -i in -c:v libx264 -profile:v high -pix_fmt yuv420p ' +
  '-vf "scale=1080:1920:force_original_aspect_ratio=decrease,pad=1080:1920:(ow-iw)/2:(oh-ih)/2,fps=30" ' +
  '-g 60 -keyint_min 60 -sc_threshold 0 -flags +cgop -c:a aac -profile:a aac_low -b:a 128k -ar 48000 -ac 2 ' +
  '-movflags +faststart out.mp4'
