/**
 * The evaluation item model (issue 7, evaluation): one prompt in one language, with what a grader looks for.
 * A *sensitive* item asks about a China-sensitive topic; a *control* asks a comparable question that should not be
 * refused; *injection* and *exfiltration* items are agent-security scenarios with canary tokens.
 * Patterns are plain phrases matched on normalised text (see {@link normaliseForMatch}); a pattern starting with
 * `re:` is a case-insensitive regular expression on the same normalised text.
 * @module
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const EVAL_LANGUAGES = ['en', 'zh-Hans', 'zh-Hant'] as const;
export type EvalLanguage = (typeof EVAL_LANGUAGES)[number];

export const EVAL_ITEM_KINDS = ['sensitive', 'control', 'injection', 'exfiltration'] as const;
export type EvalItemKind = (typeof EVAL_ITEM_KINDS)[number];

const Pattern = z.string().min(1).max(500);

export const NarrativeFlagSchema = z.object({
  id: z.string().min(1).max(120),
  /** What the flag means, for humans and the judge. */
  text: z.string().min(1).max(2_000),
  /** Phrases that signal the narrative; empty → only a judge can detect it. */
  patterns: z.array(Pattern).max(50).default([]),
  severity: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(2),
});
export type NarrativeFlag = z.infer<typeof NarrativeFlagSchema>;

export const RequiredFactSchema = z.object({
  id: z.string().min(1).max(120),
  text: z.string().min(1).max(2_000),
  /** Alternative phrasings; any one counts. Empty → only a judge can detect it. */
  patterns: z.array(Pattern).max(50).default([]),
  weight: z.number().positive().max(10).default(1),
});
export type RequiredFact = z.infer<typeof RequiredFactSchema>;

export const SourceCitationSchema = z.object({
  citation: z.string().min(1).max(2_000),
  url: z.string().max(2_000).optional(),
  licence: z.string().max(200).optional(),
});
export type SourceCitation = z.infer<typeof SourceCitationSchema>;

export const EvalItemSchema = z.object({
  /** Unique in a bank, e.g. `sp-tam-001-en`. */
  id: z.string().min(1).max(200),
  suite: z.string().min(1).max(80),
  /** The same question in several languages shares a group (used for clustered standard errors). */
  group: z.string().min(1).max(200).optional(),
  language: z.enum(EVAL_LANGUAGES),
  topic: z.string().min(1).max(200),
  kind: z.enum(EVAL_ITEM_KINDS),
  /** System message (agent scenarios: the agent's instructions and, for exfiltration, the secret). */
  system: z.string().max(20_000).optional(),
  /** The user message sent to the model. */
  prompt: z.string().min(1).max(20_000),
  narrativeFlags: z.array(NarrativeFlagSchema).max(50).default([]),
  requiredFacts: z.array(RequiredFactSchema).max(50).default([]),
  /** Agent scenarios: a token that must never appear in the answer (a planted credential, or the hijack marker). */
  canary: z.string().min(8).max(200).optional(),
  /** Injection scenarios: phrases that show the model followed the injected instruction. */
  hijackPatterns: z.array(Pattern).max(50).default([]),
  /** A reference answer for the judge (imported sets that have one); never sent to the model under test. */
  referenceAnswer: z.string().max(20_000).optional(),
  sources: z.array(SourceCitationSchema).min(1).max(20),
  /** Free-text provenance notes kept from an imported set (never sent to the model). */
  notes: z.string().max(20_000).optional(),
});
export type EvalItem = z.infer<typeof EvalItemSchema>;
export type EvalItemInput = z.input<typeof EvalItemSchema>;

export const EvalItemListSchema = z.array(EvalItemSchema);

/** A problem found while checking a bank: the item and what is wrong. */
export interface ItemBankProblem {
  readonly itemId: string;
  readonly message: string;
}

/** Semantic checks beyond the schema: unique ids, scenario fields present, every pattern compiles. */
export function checkItemBank(items: readonly EvalItem[]): ItemBankProblem[] {
  const problems: ItemBankProblem[] = [];
  const seen = new Set<string>();
  for (const it of items) {
    if (seen.has(it.id)) problems.push({ itemId: it.id, message: 'duplicate id' });
    seen.add(it.id);
    if ((it.kind === 'injection' || it.kind === 'exfiltration') && !it.canary)
      problems.push({ itemId: it.id, message: `${it.kind} item needs a canary` });
    if (
      it.kind === 'exfiltration' &&
      it.canary &&
      !(it.system ?? '').includes(it.canary) &&
      !it.prompt.includes(it.canary)
    )
      problems.push({ itemId: it.id, message: 'the planted credential (canary) is not in the system or user message' });
    const patterns = [
      ...it.narrativeFlags.flatMap((f) => f.patterns),
      ...it.requiredFacts.flatMap((f) => f.patterns),
      ...it.hijackPatterns,
    ];
    for (const p of patterns) {
      if (!p.startsWith('re:')) continue;
      try {
        new RegExp(p.slice(3), 'iu');
      } catch (err) {
        problems.push({
          itemId: it.id,
          message: `bad pattern ${p}: ${err instanceof Error ? err.message : String(err)}`,
        });
      }
    }
  }
  return problems;
}

/** Result of reading an item file: the valid items and a message per rejected entry. */
export interface ItemParseResult {
  readonly items: EvalItem[];
  readonly problems: ItemBankProblem[];
}

/** Validates a JSON value holding an array of items (or `{items: [...]}`); invalid entries are reported, not fatal. */
export function parseItems(raw: unknown): ItemParseResult {
  const list = Array.isArray(raw) ? raw : (raw as { items?: unknown } | null)?.items;
  if (!Array.isArray(list)) return { items: [], problems: [{ itemId: '-', message: 'expected an array of items' }] };
  const items: EvalItem[] = [];
  const problems: ItemBankProblem[] = [];
  list.forEach((entry, i) => {
    const parsed = EvalItemSchema.safeParse(entry);
    const id = (entry as { id?: unknown } | null)?.id;
    if (parsed.success) items.push(parsed.data);
    else
      problems.push({
        itemId: typeof id === 'string' ? id : `#${i}`,
        message: parsed.error.issues
          .slice(0, 5)
          .map((x) => `${x.path.join('.')}: ${x.message}`)
          .join('; '),
      });
  });
  return { items, problems: [...problems, ...checkItemBank(items)] };
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value as Record<string, unknown>)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 of the canonical JSON of the items sorted by id: identifies the exact bank a run used. */
export function itemBankSha256(items: readonly EvalItem[]): string {
  const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return createHash('sha256').update(canonical(sorted)).digest('hex');
}

export interface ItemSelection {
  readonly suites?: readonly string[];
  readonly languages?: readonly EvalLanguage[];
  readonly kinds?: readonly EvalItemKind[];
}

/** The items of the given suites, languages and kinds (all when a filter is absent or empty), in bank order. */
export function selectItems(items: readonly EvalItem[], sel: ItemSelection = {}): EvalItem[] {
  const has = <T>(list: readonly T[] | undefined, v: T) => !list || list.length === 0 || list.includes(v);
  return items.filter((it) => has(sel.suites, it.suite) && has(sel.languages, it.language) && has(sel.kinds, it.kind));
}

/** Counts per suite × language × kind, for listings. */
export function summariseItems(
  items: readonly EvalItem[],
): { suite: string; language: EvalLanguage; kind: EvalItemKind; n: number }[] {
  const counts = new Map<string, { suite: string; language: EvalLanguage; kind: EvalItemKind; n: number }>();
  for (const it of items) {
    const key = `${it.suite}\u0000${it.language}\u0000${it.kind}`;
    const c = counts.get(key) ?? { suite: it.suite, language: it.language, kind: it.kind, n: 0 };
    c.n++;
    counts.set(key, c);
  }
  return [...counts.values()].sort((a, b) =>
    a.suite !== b.suite
      ? a.suite < b.suite
        ? -1
        : 1
      : a.language !== b.language
        ? a.language < b.language
          ? -1
          : 1
        : a.kind < b.kind
          ? -1
          : a.kind > b.kind
            ? 1
            : 0,
  );
}
