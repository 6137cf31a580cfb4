/**
 * The SVG QR code of a link, as every join and card route draws it. `qrcode` (and `pngjs`, which
 * it pulls in) is imported on the first QR code drawn, not at start: in the compiled server it is
 * a module of its own (`scripts/build.mjs`), which a server that never draws one never loads.
 */
export async function qrCodeSvg(url: string): Promise<string> {
  const { default: QRCode } = await import("qrcode");
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}
