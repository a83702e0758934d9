// CLI usage text and the usage error (exit 2).

export const USAGE = `Usage:
  preflight check <url-or-path>... --targets t1,t2 [--json] [--caption TEXT] [--alt-text TEXT]
                  [--thumb-offset-ms N] [--mastodon-instance URL] [--depth full|quick]

  Several files or URLs are the items of one post (a carousel).
  Targets: instagram.feed, instagram.carousel, instagram.reels, instagram.stories, threads, mastodon

Exit codes: 0 every target passes or warns, 1 a target fails, 2 usage error.`

export class UsageError extends Error {
  override name = 'UsageError'
}
