import { readFile } from 'node:fs/promises';

/**
 * The text of one of the KB's optional data files (the decision model, the lexicon), or null when the
 * KB has none: a small test KB leaves them out. Any other read error is thrown.
 */
export async function readOptionalKbFile(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
