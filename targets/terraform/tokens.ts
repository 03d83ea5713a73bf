/**
 * cdktf registers every token it hands out (each `.arn`/`.id` read, each `Fn` call) in one
 * process-wide map, and never removes one. A reference token holds the stack it came from, so the
 * map kept every stack's whole construct tree alive for the life of the process (≈ 70 MB after a
 * 1,000-service build, and more with every build a long-lived process such as the language server
 * or a test worker runs). These stacks never refer to each other, so once a stack is written its
 * tokens are dropped: the ones registered since `tokenMark()` was taken.
 */
import { TokenMap } from './cdktf.ts';

/** The map's private state (cdktf 0.21); anything else and nothing is released. */
type TokenMapState = { tokenCounter?: unknown; stringTokenMap?: unknown; numberTokenMap?: unknown };

const state = () => TokenMap.instance() as unknown as TokenMapState;

/** The number the next token registered will get. */
export function tokenMark(): number | undefined {
  const counter = state().tokenCounter;
  return typeof counter === 'number' ? counter : undefined;
}

/** Forgets every token registered since `mark` (string keys end in `.<counter>`, number keys are the counter). */
export function releaseTokensSince(mark: number | undefined): void {
  if (mark === undefined) return;
  const { stringTokenMap, numberTokenMap } = state();
  if (stringTokenMap instanceof Map) {
    for (const key of stringTokenMap.keys()) {
      if (Number(key.slice(key.lastIndexOf('.') + 1)) >= mark) stringTokenMap.delete(key);
    }
  }
  if (numberTokenMap instanceof Map) {
    for (const key of numberTokenMap.keys()) if (key >= mark) numberTokenMap.delete(key);
  }
}
