// CLI usage texts (one per command), the usage error (exit 2) and the hint an error line ends with.
import { TARGET_NAMES } from '../../platforms/targets.js'

const TARGETS_LINE = `  Targets: ${TARGET_NAMES.join(', ')}`

const CHECK_USAGE = `Usage: preflight check <url | path | ->... --targets t1,t2 [--json] [--caption TEXT]
                       [--alt-text TEXT] [--spoiler-text TEXT] [--thumb-offset-ms N]
                       [--product-tags JSON] [--mastodon-instance URL] [--depth full|quick]
                       [--title TEXT] [--x-premium] [--tiktok-verified-prefixes LIST]
                       [--tiktok-max-duration-s N]

  Several files or URLs are the items of one post (a carousel); - reads one item from standard input.
  --spoiler-text is Mastodon's content warning, counted with the caption there.
  --title is the post title (TikTok photo, YouTube, Pinterest); --x-premium applies X Premium's video
  limits. --tiktok-verified-prefixes lists the TikTok app's verified domains or URL prefixes
  (comma-separated); --tiktok-max-duration-s is the creator's max_video_post_duration_sec.
${TARGETS_LINE}

Exit codes: 0 every target passes or warns, 1 a target fails, 2 usage error.`

const AUDIT_USAGE = `Usage: preflight audit <folder | list-file> --targets t1,t2 --out report.json|.csv|.html [--out ...]
                       [--concurrency N] [--resume] [--max-depth N] [--csv-bom] [--strict-kind]

  Every file under the folder that is media (by its bytes, not its name), or every URL or path of a
  list file (one a line, # comments; or a CSV with a url column), each checked alone. --resume skips
  assets already in the output. Ctrl-C writes what is done (exit 130). CSV cells that a spreadsheet
  would run as a formula (=, +, -, @, tab, CR first) start with an apostrophe; --csv-bom starts the
  CSV with a UTF-8 byte order mark for Excel. A target that does not take an asset's kind at all (an
  image against instagram.reels) is n/a for it, shown apart and not failing; --strict-kind fails it.
${TARGETS_LINE}

Exit codes: 0 no asset fails, 1 a target of some asset fails, 2 usage error, 130 interrupted.`

const WORKER_USAGE = `Usage: preflight worker

  Runs audit and fix jobs from the Redis at PREFLIGHT_REDIS_URL (shared with the service processes)
  until SIGTERM or SIGINT; then finishes the chunks in hand, or hands them back to the queue within
  PREFLIGHT_SHUTDOWN_TIMEOUT_MS. PREFLIGHT_AUDIT_CONCURRENCY and PREFLIGHT_FIX_CONCURRENCY bound its work.

Exit codes: 0 stopped, 2 usage error (no PREFLIGHT_REDIS_URL).`

const FIX_USAGE = `Usage: preflight fix <url | path | ->... --targets t1,t2 --out DIR [--strategy pad|crop]
                     [--allow-trim] [--json] [--caption TEXT] [--alt-text TEXT]
                     [--mastodon-instance URL] [...the other options of check]

  Makes, for each item, a file the targets accept (sharp for images, ffmpeg for videos), writes it into
  DIR as NAME.fixed.EXT and checks it again against the same targets: each target's verdict before and
  after is printed, with the commands that were run. One file serves every target it can.
  --strategy pad (default) fits the picture inside the allowed ratio on a blurred copy of itself;
  crop fills it, cropping around the most interesting region. A video longer than a target allows is
  only cut with --allow-trim. A URL the platform's crawler cannot fetch stays failing: fix its host.
  FFMPEG_PATH replaces the bundled ffmpeg.
${TARGETS_LINE}

Exit codes: 0 every target passes after fixing, 1 a target still fails, 2 usage error.`

export const USAGE = `Usage:
  preflight check <url | path | ->... --targets t1,t2 [options]   one post, judged per target
  preflight fix <url | path | ->... --targets t1,t2 --out DIR      fixed copies that pass, proved
  preflight audit <folder | list-file> --targets t1,t2 --out F    many assets, each alone, into a report
  preflight worker                                                runs jobs from PREFLIGHT_REDIS_URL until SIGTERM
  preflight <command> --help                                      the options of a command
  preflight --version

${TARGETS_LINE}
  NO_COLOR turns colour off, FORCE_COLOR=1 keeps it on when the output is not a terminal.`

export const COMMAND_USAGE: Readonly<Record<string, string>> = {
  check: CHECK_USAGE,
  fix: FIX_USAGE,
  audit: AUDIT_USAGE,
  worker: WORKER_USAGE,
}

export class UsageError extends Error {
  override name = 'UsageError'
}

/** The second line of a usage error: where to read more, not the whole usage. */
export function usageHint(command: string | undefined): string {
  return command !== undefined && command in COMMAND_USAGE
    ? `Try 'preflight ${command} --help'.`
    : `Try 'preflight --help'.`
}
