// Hands bytes to the browser as a file download (an object URL on a temporary link).
export function download(bytes: Uint8Array | string, fileName: string, mime: string): void {
  const blob = new Blob([typeof bytes === 'string' ? bytes : (bytes.slice().buffer as ArrayBuffer)], { type: mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
