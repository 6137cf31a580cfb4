import { useEffect, useState } from "react";

/**
 * The event's join QR code (`GET /api/events/:id/qr.svg`, members only) as an object URL for an
 * `<img>`: an image tag cannot send the bearer token, so the SVG is fetched and handed over as a
 * local blob. Null while loading or when it could not be fetched (the code and link still show).
 */
export function useJoinQrCode(eventId: string, token: string, joinCode: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    let objectUrl: string | null = null;
    // The code in the query only names the picture wanted: a rotated code fetches the new one.
    fetch(
      `/api/events/${encodeURIComponent(eventId)}/qr.svg?code=${encodeURIComponent(joinCode)}`,
      {
        headers: { Authorization: `Bearer ${token}` },
        signal: controller.signal,
      },
    )
      .then(async (response) => {
        if (!response.ok) return;
        const blob = await response.blob();
        objectUrl = URL.createObjectURL(new Blob([blob], { type: "image/svg+xml" }));
        setUrl(objectUrl);
      })
      .catch(() => {
        // Offline or aborted: the panel shows the code and the link without the picture.
      });
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      setUrl(null);
    };
  }, [eventId, token, joinCode]);
  return url;
}
