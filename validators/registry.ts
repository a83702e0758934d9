// Every check, by rule id and scope: a missing, unknown or mistyped entry is a compile error.
import type { Check, ItemRuleId, PostRuleId } from '../src/rule-types.js'
import { audioBitrate, audioCodec, channels, sampleRate } from './audio/audio.js'
import { animated } from './image/animated.js'
import { aspectRatio } from './image/aspect-ratio.js'
import { colorSpace } from './image/color-space.js'
import { fileSize } from './image/file-size.js'
import { format } from './image/format.js'
import { pixels } from './image/pixels.js'
import { maxWidth, minWidth } from './image/width.js'
import { corrupt } from './media/corrupt.js'
import { kind } from './media/kind.js'
import { unknownType } from './media/unknown-type.js'
import { altTextLength } from './post/alt-text.js'
import { captionLength, hashtags, links, mentions, titleLength } from './post/caption.js'
import { carouselSize, mediaMix } from './post/carousel.js'
import { productTags } from './post/product-tags.js'
import { thumbOffset } from './post/thumb-offset.js'
import { aspectRatio as videoAspectRatio } from './video/aspect-ratio.js'
import { codec } from './video/codec.js'
import { container, moovPosition, noVideoStream } from './video/container.js'
import { editList } from './video/edit-list.js'
import { chromaSubsampling, color, profile } from './video/picture.js'
import {
  bitrate,
  fileSize as videoFileSize,
  minDimensions,
  pixels as videoPixels,
  sampleAspectRatio,
  widthMax,
} from './video/size.js'
import { durationMax, durationMin, frameRate, frameRateMode, interlaced } from './video/timing.js'

export const itemChecks: { readonly [R in ItemRuleId]: Check<R> } = {
  'media.unknown_type': unknownType,
  'media.corrupt': corrupt,
  'media.kind': kind,
  'image.format': format,
  'image.file_size': fileSize,
  'image.aspect_ratio': aspectRatio,
  'image.min_width': minWidth,
  'image.max_width': maxWidth,
  'image.pixels': pixels,
  'image.color_space': colorSpace,
  'image.animated': animated,
  'video.container': container,
  'video.no_video_stream': noVideoStream,
  'video.codec': codec,
  'video.profile': profile,
  'video.chroma_subsampling': chromaSubsampling,
  'video.color': color,
  'video.interlaced': interlaced,
  'video.frame_rate': frameRate,
  'video.frame_rate_mode': frameRateMode,
  'video.min_dimensions': minDimensions,
  'video.width_max': widthMax,
  'video.aspect_ratio': videoAspectRatio,
  'video.bitrate': bitrate,
  'video.duration_min': durationMin,
  'video.duration_max': durationMax,
  'video.file_size': videoFileSize,
  'video.moov_position': moovPosition,
  'video.edit_list': editList,
  'video.pixels': videoPixels,
  'video.sample_aspect_ratio': sampleAspectRatio,
  'audio.codec': audioCodec,
  'audio.sample_rate': sampleRate,
  'audio.channels': channels,
  'audio.bitrate': audioBitrate,
}

export const postChecks: { readonly [R in PostRuleId]: Check<R> } = {
  'post.caption_length': captionLength,
  'post.title_length': titleLength,
  'post.hashtags': hashtags,
  'post.mentions': mentions,
  'post.links': links,
  'post.thumb_offset': thumbOffset,
  'post.product_tags': productTags,
  'post.carousel_size': carouselSize,
  'post.media_mix': mediaMix,
  'post.alt_text_length': altTextLength,
}
