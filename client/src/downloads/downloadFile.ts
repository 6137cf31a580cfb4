import { ApiError } from "../api/ApiError";

/** The file name a `Content-Disposition` header gives, or `fallback`. */
export function attachmentName(header: string | null, fallback: string): string {
  const match = header?.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i);
  if (!match?.[1]) return fallback;
  try {
    const name = decodeURIComponent(match[1]).replace(/[/\\]/g, "_");
    return name.length > 0 ? name : fallback;
  } catch {
    return fallback;
  }
}

/**
 * Downloads one of our API's files with the bearer token (a plain link cannot send it): the
 * bytes become a blob URL the browser saves under the server's file name.
 */
export async function downloadFile(path: string, token: string, fallback: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
  } catch (cause) {
    throw new ApiError("network", 0, cause instanceof Error ? cause.message : "network error");
  }
  if (!response.ok) {
    const code =
      response.status === 403 ? "forbidden" : response.status === 429 ? "rate_limited" : "internal";
    throw new ApiError(code, response.status, `HTTP ${response.status}`);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = attachmentName(response.headers.get("Content-Disposition"), fallback);
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click was handled.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
