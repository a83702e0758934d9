// The size comparison image.file_size and video.file_size share: inclusive, or Mastodon's `less_than`.

/** Above `max`, or at it where the platform validates `less_than` (Mastodon: exactly the limit is refused). */
export const overMax = (bytes: number, limit: { max: number; lessThan?: boolean }): boolean =>
  limit.lessThan ? bytes >= limit.max : bytes > limit.max
