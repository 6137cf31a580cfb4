import { AssetRecordType, type Editor, getHashForString, type TLBookmarkAsset } from "tldraw";

/**
 * A pasted link becomes a bookmark showing the address itself. tldraw's default fetches the page
 * from the browser to read its title and picture, which would send a request off our origin.
 */
export function registerLocalUrlPreview(editor: Editor): void {
  editor.registerExternalAssetHandler("url", async ({ url }) => {
    const asset: TLBookmarkAsset = {
      id: AssetRecordType.createId(getHashForString(url)),
      typeName: "asset",
      type: "bookmark",
      props: { src: url, title: url, description: "", image: "", favicon: "" },
      meta: {},
    };
    return asset;
  });
}
