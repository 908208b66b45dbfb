// Hands a file built in the browser to the user as a download: no file link on the server and
// nothing personal in a URL (an object URL lives in this tab only).
export function saveFile(content: BlobPart, type: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  // Revoked once the browser has taken the file, not before the download starts.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
