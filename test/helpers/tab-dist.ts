/**
 * Builds the tab for e2e suites that run the app against dist/tab: into a temporary folder first, then
 * replacing dist/tab file by file, so a server reading the folder meanwhile never sees it empty or half written.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTab } from '../../scripts/build-tab.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function buildTabIntoDist(): Promise<void> {
  const temp = await fs.mkdtemp(path.join(os.tmpdir(), 'tab-build-'));
  try {
    const { files } = await buildTab({ outdir: temp });
    const dist = path.join(root, 'dist', 'tab');
    await fs.mkdir(dist, { recursive: true });
    for (const name of Object.keys(files)) {
      const staged = path.join(dist, `.${name}.${process.pid}.tmp`);
      await fs.copyFile(path.join(temp, name), staged);
      await fs.rename(staged, path.join(dist, name));
    }
  } finally {
    await fs.rm(temp, { recursive: true, force: true });
  }
}
