/** Query parameters whose values are credentials (compared case-insensitively, `-`/`_` ignored). */
const SECRET_PARAMS =
  /^(token|accesstoken|idtoken|refreshtoken|authtoken|apikey|key|secret|clientsecret|password|passwd|pwd|pass|auth|authorization|sig|signature|code|session|sessionid|jwt|credential|credentials|xamzsecuritytoken|xamzsignature|xamzcredential)$/;

/**
 * A URL as Flightdeck shows it (reports, check runs, summaries, logs, errors): credentials are
 * replaced by `***` — the user-info part (`https://user:pass@host` → `https://***:***@host`) and
 * the values of query parameters that carry secrets (`?token=`, `access_token=`, `api_key=`,
 * `sig=`, … ). Text that is not a URL is redacted by the same rules as a string.
 * @param url any text the user gave as a URL
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url
      .replace(/\/\/[^/@\s]*@/g, "//***@")
      .replace(/([?&;])([^=&;#\s]+)=([^&;#\s]*)/g, (m, sep: string, name: string) =>
        SECRET_PARAMS.test(name.toLowerCase().replace(/[-_]/g, "")) ? `${sep}${name}=***` : m,
      );
  }
  if (parsed.username) parsed.username = "***";
  if (parsed.password) parsed.password = "***";
  for (const name of [...new Set(parsed.searchParams.keys())]) {
    if (SECRET_PARAMS.test(name.toLowerCase().replace(/[-_]/g, ""))) parsed.searchParams.set(name, "***");
  }
  // URLSearchParams encodes `*` as `%2A`; keep the mask readable.
  return parsed.href.replace(/%2A%2A%2A/g, "***");
}

/** The secret parts of a URL (user-info and secret query values), to register with log masking. */
export function urlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    const out = [parsed.username, parsed.password].map(decodeURIComponent);
    for (const [name, value] of parsed.searchParams)
      if (SECRET_PARAMS.test(name.toLowerCase().replace(/[-_]/g, ""))) out.push(value);
    return out.filter((s) => s.length > 0);
  } catch {
    return [];
  }
}
