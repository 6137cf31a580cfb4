import { NO_MEMO, type SummonMemo } from "@tablecloth/controls";

const key = (summonId: string) => `tablecloth:summon:${summonId}`;

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/**
 * What this tab already did about a summon. Kept per tab (sessionStorage), so moving between
 * pages, or reloading, does not pull someone back to a board they walked away from.
 */
export function loadSummonMemo(summonId: string): SummonMemo {
  const raw = storage()?.getItem(key(summonId));
  if (!raw) return NO_MEMO;
  try {
    const parsed = JSON.parse(raw) as Partial<SummonMemo>;
    return { went: parsed.went === true, left: parsed.left === true };
  } catch {
    return NO_MEMO;
  }
}

export function saveSummonMemo(summonId: string, memo: SummonMemo): void {
  storage()?.setItem(key(summonId), JSON.stringify(memo));
}
