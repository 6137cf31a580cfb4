/** Longest doc name accepted anywhere (URL path segment, SQL key). */
export const MAX_DOC_NAME_LENGTH = 128;

const DOC_NAME_PATTERN = /^[A-Za-z0-9._-]+$/;

/**
 * Doc names are opaque and URL-safe: `[A-Za-z0-9._-]`, 1–128 characters, and not `.` or `..`
 * (they appear in paths).
 */
export function isValidDocName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= MAX_DOC_NAME_LENGTH &&
    DOC_NAME_PATTERN.test(name) &&
    name !== "." &&
    name !== ".."
  );
}
