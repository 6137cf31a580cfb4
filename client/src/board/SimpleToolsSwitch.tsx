import { useSimpleTools } from "./useSimpleTools";

/** The switch between simple tools (few, big) and tldraw's full toolbar. */
export function SimpleToolsSwitch() {
  const [simple, setSimple] = useSimpleTools();
  return (
    <button
      type="button"
      className="button button--quiet simple-tools-switch"
      aria-pressed={simple}
      onClick={() => setSimple(!simple)}
      data-testid="simple-tools"
    >
      Simple tools
    </button>
  );
}
