/**
 * tldraw runs without a licence key only in development: on `http:`, or on a loopback host.
 * Anywhere else (a real event on HTTPS) it shows a watermark and its licence terms apply, so
 * facilitators must hear about a missing key before the event starts.
 */
export function needsLicenceWarning(
  location: Pick<Location, "protocol" | "hostname">,
  licenseKey: string | null,
): boolean {
  if (licenseKey) return false;
  if (location.protocol !== "https:") return false;
  const host = location.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  const loopback =
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "::1" ||
    /^127(?:\.\d{1,3}){3}$/.test(host);
  return !loopback;
}
