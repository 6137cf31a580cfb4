/** Whether the chime sounded, or the page showed the message without it. */
export type ChimeResult = "played" | "silent";

/** The two notes of the chime (Hz) and how long each rings (s): short, soft, not an alarm. */
const NOTES = [659.25, 880] as const;
const NOTE_SECONDS = 0.35;
const PEAK_GAIN = 0.15;
/** How long to wait for a suspended context to resume before showing the message silently. */
const RESUME_WAIT_MS = 300;

let context: AudioContext | null = null;

/**
 * Plays a two-note chime generated in the page with WebAudio (no audio file, nothing fetched).
 * Browsers let a page play sound only after the person interacted with it: before that (or
 * without WebAudio) nothing is tried and the answer is "silent", so the banner shows alone.
 */
export async function playChime(): Promise<ChimeResult> {
  if (typeof window === "undefined" || typeof window.AudioContext !== "function") return "silent";
  // Without a gesture, creating the context only logs a warning and stays suspended.
  if (navigator.userActivation && !navigator.userActivation.hasBeenActive) return "silent";
  try {
    context ??= new AudioContext();
    if (context.state === "suspended") {
      await Promise.race([
        context.resume(),
        new Promise((resolve) => setTimeout(resolve, RESUME_WAIT_MS)),
      ]);
    }
    if (context.state !== "running") return "silent";
    const start = context.currentTime + 0.02;
    NOTES.forEach((frequency, i) => {
      if (!context) return;
      const at = start + i * NOTE_SECONDS * 0.8;
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = "sine";
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0, at);
      gain.gain.linearRampToValueAtTime(PEAK_GAIN, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + NOTE_SECONDS);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + NOTE_SECONDS + 0.05);
    });
    return "played";
  } catch {
    return "silent";
  }
}
