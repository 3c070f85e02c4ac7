import type { IfMatch } from '../service/precondition.ts';
import { etagOf } from '../contract/etag.ts';

export { etagOf };

/** One list member of RFC 9110's `#entity-tag` (§8.8.3, §5.6.1): optional W/, a quoted tag, then a comma or the end. */
const LIST_MEMBER = /\s*(?:(W\/)?("[\x21\x23-\x7e\x80-\xff]*")\s*)?(?:,|$)/y;

/** The strong tags of a list, or null when the header is not a valid list (then it can match nothing). */
function strongTags(value: string): string[] | null {
  const tags: string[] = [];
  LIST_MEMBER.lastIndex = 0;
  while (LIST_MEMBER.lastIndex < value.length) {
    const start = LIST_MEMBER.lastIndex;
    const match = LIST_MEMBER.exec(value);
    if (!match || LIST_MEMBER.lastIndex === start) return null;
    if (match[2] && !match[1]) tags.push(match[2]);
  }
  return tags;
}

/**
 * If-Match as RFC 9110 §13.1.1 evaluates it: absent → no precondition; `*` → true when a current
 * representation exists (false when none does); otherwise a comma-separated list of entity-tags that is
 * true when any member equals the current ETag by strong comparison. Weak tags (W/"1") never compare
 * strongly, and a header that is not such a list is true for nothing, so no other spelling of a tag matches.
 */
export function parseIfMatch(header: string | undefined): IfMatch {
  if (header === undefined) return { present: false, matches: () => false };
  if (header.trim() === '*') return { present: true, matches: (current) => current !== null };
  const tags = strongTags(header) ?? [];
  return { present: true, matches: (current) => current !== null && tags.includes(etagOf(current)) };
}
