/**
 * npm run package [-- --env <name>]
 *
 * Builds appPackage/build/appPackage.<name>.zip from manifest/: fills ${{NAME}} placeholders from
 * env/.env.<name> (default "local") overridden by non-empty process.env values, validates offline
 * against the schema bundled with @microsoft/app-manifest, checks the icons and writes the zip.
 * Exit code 1 with a list of every problem when anything is missing or invalid.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppPackageError, buildAppPackage, parseEnvFile } from './app-package.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function usage(): string {
  return 'usage: npm run package [-- --env <name>]   (reads env/.env.<name>, default "local")';
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { env: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    console.log(usage());
    return 0;
  }
  const envName = values.env ?? 'local';
  if (!/^[A-Za-z0-9_-]+$/.test(envName)) {
    console.error(`invalid --env name ${JSON.stringify(envName)}; ${usage()}`);
    return 1;
  }

  const envFile = path.join(ROOT, 'env', `.env.${envName}`);
  let fileVars: Record<string, string> = {};
  if (existsSync(envFile)) fileVars = parseEnvFile(readFileSync(envFile, 'utf8'));
  else if (values.env !== undefined) {
    console.error(`env file ${path.relative(ROOT, envFile)} not found`);
    return 1;
  } else console.warn(`note: ${path.relative(ROOT, envFile)} not found; using process.env only`);

  // Non-empty process.env values win, so CI can inject values without editing files.
  const processVars = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== ''));
  const vars: Record<string, string | undefined> = { TEAMSFX_ENV: envName, ...fileVars, ...processVars };

  try {
    const result = await buildAppPackage({ manifestDir: path.join(ROOT, 'manifest'), vars });
    const outDir = path.join(ROOT, 'appPackage', 'build');
    const outFile = path.join(outDir, `appPackage.${envName}.zip`);
    await mkdir(outDir, { recursive: true });
    await writeFile(outFile, result.zip);
    console.log(`wrote ${path.relative(ROOT, outFile)} (${result.zip.length} bytes): ${result.entries.join(', ')}`);
    console.log(`manifest ${String(result.manifest.manifestVersion)} validated against the bundled schema; icons checked`);
    return 0;
  } catch (error) {
    if (error instanceof AppPackageError) {
      console.error(`cannot build the app package for env "${envName}":`);
      for (const problem of error.problems) console.error(`  - ${problem}`);
      return 1;
    }
    throw error;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
