import { useEffect, useState } from "react";

/**
 * An image of the API that needs the bearer token (a table's QR code) as an object URL for an
 * `<img>`: an image tag cannot send the token, so it is fetched and handed over as a local blob.
 * Null while loading or when it could not be fetched.
 */
export function useAuthorizedImage(path: string, token: string, type: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    let objectUrl: string | null = null;
    fetch(path, { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) return;
        objectUrl = URL.createObjectURL(new Blob([await response.blob()], { type }));
        setUrl(objectUrl);
      })
      .catch(() => {
        // Offline or aborted: the card shows the code and the table's name without the picture.
      });
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      setUrl(null);
    };
  }, [path, token, type]);
  return url;
}
