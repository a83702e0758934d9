// ffprobe's JSON output, the entries preflight asks for: what ffprobe prints and what the moov reader writes in its terms.
export interface ProbeStream {
  codec_type?: string
  codec_name?: string
  profile?: string
  pix_fmt?: string
  bits_per_raw_sample?: string
  width?: number
  height?: number
  sample_aspect_ratio?: string
  avg_frame_rate?: string
  r_frame_rate?: string
  nb_frames?: string
  duration?: string
  bit_rate?: string
  sample_rate?: string
  channels?: number
  field_order?: string
  color_range?: string
  color_transfer?: string
  color_primaries?: string
  tags?: { rotate?: string }
  side_data_list?: { rotation?: number }[]
}

export interface ProbeOutput {
  format?: { format_name?: string; duration?: string; bit_rate?: string }
  streams?: ProbeStream[]
}
