// Rule catalogue, audio family: the audio track inside a video, and audio-only attachments.

export interface AudioRules {
  'audio.codec': {
    scope: 'item'
    /**
     * `in_video`: the audio track of a video must use an accepted codec (and profile, when listed);
     * `audio_only`: every audio-only file is flagged (Mastodon re-encodes them all).
     */
    limit: { accept: readonly string[]; profiles?: readonly string[]; applies: 'in_video' | 'audio_only' }
    args: { codec: string; profile: string | null; audioOnly: boolean }
    tier: never
  }
  /** Outside [min, max] Hz (min = max: one rate only). */
  'audio.sample_rate': {
    scope: 'item'
    limit: { min?: number; max: number }
    args: { sampleRate: number }
    tier: never
  }
  'audio.channels': { scope: 'item'; limit: { min: number; max: number }; args: { channels: number }; tier: never }
  /** Above `max`, or below `min`, bit/s. */
  'audio.bitrate': { scope: 'item'; limit: { max?: number; min?: number }; args: { bitrate: number }; tier: never }
}
