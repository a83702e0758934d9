#!/usr/bin/env node
// The preflight CLI: `preflight check ...`, `preflight fix ...` and `preflight audit ...`. Exit 0 ok, 1 a target fails, 2 usage error.
import { ConfigError, loadConfig } from '../config.js'
import { packageVersion } from '../services/package-files.js'
import { auditCommand } from './audit.js'
import { check } from './check.js'
import { fixCommand } from './fix.js'
import { COMMAND_USAGE, USAGE, UsageError, usageHint } from './usage.js'
import { workerCommand } from './worker.js'

const HELP = new Set(['--help', '-h'])

// Exit codes by error class (usage.ts lists them for the user); any other error is an internal one: 3.
const EXIT_CODES: readonly [new (...args: never[]) => Error, number][] = [
  [UsageError, 2],
  [ConfigError, 2],
]
const INTERNAL_ERROR = 3

/** node:util parseArgs' own errors (an unknown option, a missing value) are usage errors too. */
const isParseArgsError = (error: unknown) => (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true

function exitCodeOf(error: unknown): number {
  for (const [type, code] of EXIT_CODES) if (error instanceof type) return code
  return isParseArgsError(error) ? 2 : INTERNAL_ERROR
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined || HELP.has(command) || command === 'help') {
    const asked = command === 'help' ? rest[0] : undefined
    console.log(asked !== undefined && asked in COMMAND_USAGE ? COMMAND_USAGE[asked] : USAGE)
    return command === undefined ? 2 : 0
  }
  if (command === '--version' || command === '-V' || command === 'version') {
    console.log(packageVersion())
    return 0
  }
  if (command in COMMAND_USAGE && rest.some((a) => HELP.has(a))) {
    console.log(COMMAND_USAGE[command])
    return 0
  }
  const config = loadConfig()
  if (command === 'check') return check(rest, config, process.stdout, process.stdin)
  if (command === 'audit') return auditCommand(rest, config, process.stdout, process.stderr)
  if (command === 'fix') return fixCommand(rest, config, process.stdout, process.stdin)
  if (command === 'worker') return workerCommand(rest, config)
  throw new UsageError(`Unknown command "${command}": the commands are check, fix, audit and worker.`)
}

const command = process.argv[2]
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    const hint = error instanceof UsageError || isParseArgsError(error) ? `\n${usageHint(command)}` : ''
    console.error(`preflight: ${(error as Error).message}${hint}`)
    process.exitCode = exitCodeOf(error)
  },
)
