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

const attributesRead = new WeakMap<object, Map<PropertyKey, unknown>>();

/**
 * `element[name]`, read from cdktf once per element. Each read of a resource's attribute
 * (`queue.arn`) makes cdktf create and register a new token, which synthesis looks up again, and
 * every one of them resolves to the same `${aws_sqs_queue.x.arn}`: for the attributes read once
 * per user (a queue's ARN in each subscription and policy, a group's id in each rule), a third of
 * the tokens a large stack made were such repeats.
 */
export function attributeOf<T extends object, K extends keyof T>(element: T, name: K): T[K] {
  let values = attributesRead.get(element);
  if (!values) attributesRead.set(element, (values = new Map()));
  if (!values.has(name)) values.set(name, element[name]);
  return values.get(name) as T[K];
}
