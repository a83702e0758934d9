// CLI usage text and the usage error (exit 2).

export const USAGE = `Usage:
  preflight check <url-or-path>... --targets t1,t2 [--json] [--caption TEXT] [--alt-text TEXT]
                  [--spoiler-text TEXT] [--thumb-offset-ms N] [--product-tags JSON]
                  [--mastodon-instance URL] [--depth full|quick]

  preflight audit <folder | list-file> --targets t1,t2 --out report.json|.csv|.html [--out ...]
                  [--concurrency N] [--resume] [--max-depth N]

  check: several files or URLs are the items of one post (a carousel). --spoiler-text is
         Mastodon's content warning, counted with the caption there.
  audit: every file under the folder that is media (by its bytes, not its name), or every URL or
         path of a list file (one a line, # comments; or a CSV with a url column), each checked
         alone. --resume skips assets already in the output. Ctrl-C writes what is done (exit 130).
  Targets: instagram.feed, instagram.carousel, instagram.reels, instagram.stories, threads, mastodon

Exit codes: 0 every target passes or warns, 1 a target (of any asset) fails, 2 usage error.`

export class UsageError extends Error {
  override name = 'UsageError'
}
