// An HTML page where a data file was expected: a login page, an error page served with status
// 200, or a URL that leads to a web page about the file rather than the file. Told apart by
// the Content-Type or, when a server labels the page as a file, by its first bytes (a parquet
// file starts with PAR1, a gzip file with 1f 8b: neither can look like markup).
import { hostOf } from '../catalog';
import { DownloadError } from './errors';

export function isHtmlType(contentType: string | null): boolean {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return type === 'text/html' || type === 'application/xhtml+xml';
}

/** True when the bytes start (after a BOM and white space) like an HTML or XML document. */
export function looksLikeHtml(head: Uint8Array): boolean {
  let text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  text = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  return /^<(!doctype html|html[\s>]|head[\s>]|body[\s>]|\?xml|!--)/.test(text);
}

export function htmlSent(url: string, fileName: string): DownloadError {
  return new DownloadError(url, fileName, `${hostOf(url)} sent an HTML page instead of the file: a login or error page, or the URL is wrong`, 200, {
    advice: 'Check the URL, or set a mirror URL that serves the file itself.',
  });
}
