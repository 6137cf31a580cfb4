import { DocClient } from "./DocClient";
import { waitUntil } from "./measure";
import { forEachLimited } from "./provision";
import { addRecords, countIntactRecords } from "./records";

/** Docs prefilled or verified at once. */
const CONTENT_CONCURRENCY = 16;
/** How long a doc may take to show all written records to a second client. */
const CONTENT_TIMEOUT_MS = 60_000;

/**
 * Writes `records` shape-like records into each doc through a full client, and confirms through a
 * second, fresh client that the server holds all of them before returning.
 */
export async function prefillDocs(
  urls: readonly string[],
  verifyUrls: readonly string[],
  records: number,
): Promise<void> {
  await forEachLimited(urls.length, CONTENT_CONCURRENCY, async (i) => {
    const writer = new DocClient(urls[i] ?? "");
    try {
      await writer.whenSynced();
      addRecords(writer.doc, records);
      await writer.drain();
      const checker = new DocClient(verifyUrls[i] ?? urls[i] ?? "");
      try {
        await checker.whenSynced();
        const ok = await waitUntil(
          () => countIntactRecords(checker.doc, records) === records,
          CONTENT_TIMEOUT_MS,
        );
        if (!ok)
          throw new Error(
            `doc ${i}: server holds ${countIntactRecords(checker.doc, records)}/${records} records`,
          );
      } finally {
        await checker.close();
      }
    } finally {
      await writer.close();
    }
  });
}

/** For each doc, how many of the expected records a fresh client finds (after a full sync). */
export async function countRecordsPerDoc(
  urls: readonly string[],
  records: number,
): Promise<number[]> {
  const counts = new Array<number>(urls.length).fill(0);
  await forEachLimited(urls.length, CONTENT_CONCURRENCY, async (i) => {
    const reader = new DocClient(urls[i] ?? "");
    try {
      await reader.whenSynced();
      counts[i] = countIntactRecords(reader.doc, records);
    } catch {
      counts[i] = -1;
    } finally {
      await reader.close();
    }
  });
  return counts;
}
