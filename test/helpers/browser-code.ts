// Compiles the page's and the client's TypeScript to dist/ as tsc would (one file at a time), so the page served is the source under test.
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import ts from 'typescript'
import { PACKAGE_ROOT } from '../../src/services/package-files.js'

const FOLDERS = ['src/client', 'src/web']

export async function buildBrowserCode(): Promise<void> {
  const config = ts.readConfigFile(join(PACKAGE_ROOT, 'tsconfig.build.json'), ts.sys.readFile)
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, PACKAGE_ROOT)
  for (const folder of FOLDERS) {
    const out = join(PACKAGE_ROOT, 'dist', folder)
    await mkdir(out, { recursive: true })
    for (const name of (await readdir(join(PACKAGE_ROOT, folder))).filter((n) => n.endsWith('.ts'))) {
      const source = await readFile(join(PACKAGE_ROOT, folder, name), 'utf8')
      const { outputText } = ts.transpileModule(source, {
        compilerOptions: { ...options, module: ts.ModuleKind.ESNext, sourceMap: false, declaration: false },
        fileName: name,
      })
      // Written aside then renamed: another test file may be serving the old copy to a browser right now.
      const target = join(out, name.replace(/\.ts$/, '.js'))
      const scratch = `${process.pid}-${Math.random().toString(36).slice(2)}.tmp`
      await writeFile(`${target}.${scratch}`, outputText)
      await rename(`${target}.${scratch}`, target)
    }
  }
}
