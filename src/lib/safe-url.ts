/** An http(s) URL to link to, or null for anything else (`javascript:`, `data:`, relative junk). */
export function safeExternalUrl(href: string | undefined | null): string | null {
  if (!href) return null;
  const trimmed = href.trim();
  if (!/^(?:https?:)?\/\/[^\s/]/i.test(trimmed)) return null;
  try {
    const url = new URL(trimmed, 'https://example.invalid/');
    return url.protocol === 'http:' || url.protocol === 'https:' ? trimmed : null;
  } catch {
    return null;
  }
}
