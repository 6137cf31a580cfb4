import type { TLAssetStore } from "tldraw";
import { api } from "../api/api";

/**
 * Images and videos go to our upload endpoint, content-hashed; the doc keeps only the URL
 * (`/api/uploads/<sha256>`), never base64 inside the doc.
 */
export function createUploadAssetStore(getToken: () => string | null): TLAssetStore {
  return {
    async upload(_asset, file, abortSignal) {
      const token = getToken();
      if (!token) throw new Error("Join the event before adding pictures.");
      const result = await api.upload(file, token, abortSignal);
      return { src: result.url };
    },
    resolve(asset) {
      return asset.props.src;
    },
  };
}
