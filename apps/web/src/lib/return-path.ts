// `retour` parameters: only paths of this site, never another origin (open redirects).

/** The path to go back to after logging in, or the fallback when it is missing or not local. */
export function safeReturnPath(value: string | null | undefined, fallback = '/compte'): string {
  if (!value || value.length > 500) return fallback;
  // "/x" but not "//host" nor "/\host" (browsers read both as another origin), no control characters.
  if (!/^\/(?![/\\])/.test(value) || /[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  try {
    const url = new URL(value, 'http://local.invalid');
    if (url.origin !== 'http://local.invalid') return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

/** `/connexion?retour=<path>` for a page that needs a logged-in visitor. */
export function loginUrl(returnTo: string, page = '/connexion'): string {
  const back = safeReturnPath(returnTo, '');
  return back && back !== '/' ? `${page}?retour=${encodeURIComponent(back)}` : page;
}

/** Path and query of a URL without SvelteKit's action keys (?/login), to come back to it later. */
export function currentPath(url: URL): string {
  const params = new URLSearchParams([...url.searchParams].filter(([key]) => !key.startsWith('/')));
  return params.size ? `${url.pathname}?${params}` : url.pathname;
}
