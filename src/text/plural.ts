/**
 * Counts in words for every user-facing text (CLI, plan previews, check runs, summaries), so
 * "1 tasks" cannot happen. English plural categories come from `Intl.PluralRules` (CLDR); the
 * caller gives the singular and, for irregular nouns, the plural ("person"/"people").
 */
const rules = new Intl.PluralRules("en-US");

/**
 * @param n the count (any finite number; `1` takes the singular, `0`, `2`, `1.5` the plural)
 * @param one the singular noun phrase, e.g. "failing test"
 * @param other the plural; defaults to `one` + "s"
 * @returns the number and the noun, e.g. `plural(1, "task")` → "1 task"
 */
export function plural(n: number, one: string, other = `${one}s`): string {
  return `${n} ${noun(n, one, other)}`;
}

/** The noun alone, in the form the count takes: `noun(2, "person", "people")` → "people". */
export function noun(n: number, one: string, other = `${one}s`): string {
  return rules.select(n) === "one" ? one : other;
}
