import { deflateSync, unzipSync, zipSync, type Zippable } from 'fflate';

/**
 * The Teams app package's ZIP, written and read with `fflate` (a maintained, dependency-free zip
 * library). What this module adds is only what the package needs: entry names checked, entries kept in
 * the given order, each entry deflated or stored (whichever is smaller), and fixed metadata so that
 * the same input gives the same bytes on every machine (reproducible packages).
 */

export interface ZipEntry {
  /** Path inside the archive, forward slashes, no leading slash. */
  name: string;
  data: Buffer;
}

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

/**
 * Every entry's modification time. fflate writes the DOS date and time from the local-time fields of
 * the Date, so it is built from local fields at write time too: 1980-01-01 12:00 (the DOS epoch; noon
 * stays clear of any midnight daylight-saving jump) whatever the machine's time zone.
 */
const fixedMtime = (): Date => new Date(1980, 0, 1, 12, 0, 0);
const UNIX = 3;
const UNIX_FILE_ATTRIBUTES = (0o100644 << 16) >>> 0;
const STORE = 0;
const BEST = 9;

function checkName(name: string, seen: Set<string>): void {
  if (!name || name.startsWith('/') || name.includes('\\') || name.split('/').some((part) => part === '..' || part === '')) {
    throw new ZipError(`invalid entry name ${JSON.stringify(name)}`);
  }
  if (seen.has(name)) throw new ZipError(`duplicate entry name ${JSON.stringify(name)}`);
  seen.add(name);
}

/** Builds a ZIP archive from the entries, in the given order. */
export function buildZip(entries: readonly ZipEntry[]): Buffer {
  const seen = new Set<string>();
  const files: Zippable = {};
  const mtime = fixedMtime();
  for (const entry of entries) {
    checkName(entry.name, seen);
    // Store instead of deflate when compression does not help (e.g. already-compressed PNGs).
    const level = deflateSync(entry.data, { level: BEST }).length < entry.data.length ? BEST : STORE;
    files[entry.name] = [entry.data, { level, mtime, os: UNIX, attrs: UNIX_FILE_ATTRIBUTES }];
  }
  // fflate writes entries in object key order; integer-like keys would jump ahead of the rest.
  if (Object.keys(files).some((name, i) => name !== entries[i]!.name)) {
    throw new ZipError('entry names that look like array indexes cannot keep their order');
  }
  return Buffer.from(zipSync(files));
}

/**
 * Reads every entry in central-directory order. fflate inflates and refuses a damaged archive; the
 * package builder then compares each entry with what it wrote.
 */
export function readZip(zip: Buffer): ZipEntry[] {
  const order: string[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (file) => {
        order.push(file.name);
        return true;
      },
    });
  } catch (error) {
    throw new ZipError(`unreadable zip: ${error instanceof Error ? error.message : String(error)}`);
  }
  return order.map((name) => {
    const data = files[name];
    if (!data) throw new ZipError(`entry ${JSON.stringify(name)} missing from the archive`);
    return { name, data: Buffer.from(data) };
  });
}
