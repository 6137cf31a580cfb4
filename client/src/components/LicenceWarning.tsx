import { needsLicenceWarning } from "../config/needsLicenceWarning";
import { useClientConfig } from "../config/useClientConfig";

/**
 * Tells facilitators, before the event starts, that this server has no tldraw licence key: on a
 * public HTTPS address the boards would carry a watermark and the licence terms would apply.
 */
export function LicenceWarning() {
  const config = useClientConfig();
  if (!config || !needsLicenceWarning(window.location, config.tldrawLicenseKey)) return null;
  return (
    <div className="warning" role="alert" data-testid="licence-warning">
      <strong>Before your event starts:</strong> this server has no drawing licence key yet. Boards
      will show a "made with tldraw" mark, and tldraw's licence requires a key for use on a public
      website. Ask whoever runs this server to set <code>TLDRAW_LICENSE_KEY</code> and restart it.
    </div>
  );
}
