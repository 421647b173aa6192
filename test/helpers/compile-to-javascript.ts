/**
 * Compiles a TypeScript project with tsc into a folder of plain JavaScript, the way `npm run build` makes
 * `dist/` for `npm run start:prod`: for runs that must measure or start the app as production runs it
 * (plain `node`, no tsx compiling modules in process). JSON modules (card templates, source pages,
 * migration specs) are emitted beside the code, as in `dist/`.
 *
 * The folder must lie inside the project (e.g. under `dist/`): Node finds `node_modules` and the
 * package's `"type": "module"` from the compiled file's own location, so a folder in /tmp would resolve
 * neither.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file is test/helpers/compile-to-javascript.ts). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs tsc on `project` (a tsconfig path relative to the project root) with its output in `outDir`;
 * throws with tsc's output if it reports an error. Returns the compile time in ms.
 */
export function compileToJavaScript(project: string, outDir: string): number {
  const started = Date.now();
  const tsc = path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', path.join(PROJECT_ROOT, project), '--outDir', outDir], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`tsc -p ${project} failed:\n${stdout?.toString() ?? ''}${stderr?.toString() ?? ''}`, { cause: error });
  }
  return Date.now() - started;
}
