/**
 * CSV downloads. A plain link cannot carry the in-memory token, so the file is fetched with it and handed
 * to the browser as a blob URL that lives only for the click.
 */
import type { ApiClient } from './api.js';
import { h } from './dom.js';

export async function downloadFile(api: ApiClient, path: string): Promise<void> {
  const { blob, filename } = await api.download(path);
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename, class: 'sr-only' });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
