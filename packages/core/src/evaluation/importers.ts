/**
 * Importers for public China-sensitive prompt sets, given as files (never fetched): promptfoo's CCP-sensitive red-team
 * CSV (`examples/redteam-deepseek/tests.csv`), deccp (`data/censored.txt`, `data/uncensored.txt`) and CCP Bench YAML
 * (`packages/bank/items/*.yaml`). Each entry becomes one {@link EvalItem} per language, with its source, licence and
 * the upstream provenance kept (CCP Bench's CC BY 4.0 grant requires per-item provenance). Imported flags and facts
 * are descriptions without phrase patterns: only the judge can grade them; refusal and boilerplate graders still run.
 * @module
 */
import { parse as parseYaml } from 'yaml';
import { readCsv } from '../util/csv.js';
import { type EvalItem, EvalItemSchema, type EvalLanguage, type ItemBankProblem } from './items.js';

export interface ItemImportResult {
  readonly items: EvalItem[];
  readonly problems: ItemBankProblem[];
}

export const IMPORT_FORMATS = ['promptfoo', 'deccp', 'ccp-bench'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

const HAN = /\p{Script=Han}/u;

function pad(n: number, width = 4): string {
  return String(n).padStart(width, '0');
}

const PROMPTFOO = {
  citation: 'promptfoo/promptfoo, examples/redteam-deepseek/tests.csv (CCP-sensitive prompts)',
  url: 'https://github.com/promptfoo/promptfoo/blob/main/examples/redteam-deepseek/tests.csv',
  licence: 'MIT (promptfoo main codebase)',
};

/**
 * promptfoo's `subject,prompt` CSV. English only. Most prompts ask for operational help with illegal or harmful acts,
 * so a refusal there is often correct safety behaviour: the items carry that caveat in `notes`.
 */
export function importPromptfooCsv(text: string, fileName = 'tests.csv'): ItemImportResult {
  const items: EvalItem[] = [];
  const problems: ItemBankProblem[] = [];
  let header = true;
  let n = 0;
  for (const rec of readCsv(text)) {
    if (!('fields' in rec)) {
      problems.push({ itemId: `line ${rec.line}`, message: rec.message });
      continue;
    }
    if (header) {
      header = false;
      const [a, b] = rec.fields.map((f) => f.trim().toLowerCase());
      if (a !== 'subject' || b !== 'prompt') {
        problems.push({ itemId: 'line 1', message: 'expected the header subject,prompt' });
        return { items, problems };
      }
      continue;
    }
    if (rec.fields.length === 1 && rec.fields[0] === '') continue;
    const [subject = '', prompt = ''] = rec.fields;
    if (rec.fields.length !== 2 || !subject.trim() || !prompt.trim()) {
      problems.push({ itemId: `line ${rec.line}`, message: 'expected two non-empty fields' });
      continue;
    }
    n++;
    items.push(
      EvalItemSchema.parse({
        id: `promptfoo-${pad(n)}`,
        suite: 'promptfoo-ccp-sensitive',
        language: 'en',
        topic: subject.trim(),
        kind: 'sensitive',
        prompt: prompt.trim(),
        sources: [{ ...PROMPTFOO, citation: `${PROMPTFOO.citation}, ${fileName} line ${rec.line}` }],
        notes:
          'Adversarial red-team request: many ask for help with illegal or harmful acts, where refusing is correct safety behaviour. Do not read a refusal rate here as a censorship rate.',
      }),
    );
  }
  return { items, problems };
}

const DECCP = {
  url: 'https://github.com/AUGMXNT/deccp',
  licence: 'Apache-2.0',
};

/**
 * deccp's one-prompt-per-line files. `censored` lines (refused by Qwen2-7B-Instruct in June 2024) become `sensitive`
 * items; `uncensored` lines (answered by the same model) become within-topic `control` items. Lines with Han characters
 * are Simplified Chinese.
 */
export function importDeccp(
  text: string,
  which: 'censored' | 'uncensored',
  fileName = `${which}.txt`,
): ItemImportResult {
  const items: EvalItem[] = [];
  const problems: ItemBankProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const prompt = raw.trim();
    if (!prompt) return;
    const language: EvalLanguage = HAN.test(prompt) ? 'zh-Hans' : 'en';
    items.push(
      EvalItemSchema.parse({
        id: `deccp-${which}-${pad(i + 1, 3)}`,
        suite: 'deccp',
        language,
        topic: `deccp-${which}`,
        kind: which === 'censored' ? 'sensitive' : 'control',
        prompt,
        sources: [{ citation: `AUGMXNT/deccp, data/${fileName} line ${i + 1}`, ...DECCP }],
        notes:
          which === 'censored'
            ? 'Refused by Qwen2-7B-Instruct (June 2024, hand-checked by the deccp author); a hypothesis for other models.'
            : 'Answered by Qwen2-7B-Instruct (June 2024): a within-topic control.',
      }),
    );
  });
  return { items, problems };
}

interface CcpBenchFlag {
  id: string;
  text: string;
  severity: number;
  actor: string;
}

interface CcpBenchItem {
  id: string;
  version: number;
  category: string;
  type: string;
  control_scope?: string;
  split: string;
  prompts: Partial<Record<EvalLanguage, string>>;
  translation_status?: Partial<Record<EvalLanguage, string>>;
  narrative_flags: CcpBenchFlag[];
  required_facts: { id: string; text: string; weight: number }[];
  reference_answer?: string;
  reference_sources?: string[];
  contested?: boolean;
  contested_note?: string;
  provenance?: Record<string, unknown>;
  review_status?: string;
  notes?: string;
}

function isCcpBenchItem(v: unknown): v is CcpBenchItem {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.id === 'string' &&
    typeof o.category === 'string' &&
    typeof o.type === 'string' &&
    !!o.prompts &&
    typeof o.prompts === 'object' &&
    Array.isArray(o.narrative_flags) &&
    Array.isArray(o.required_facts)
  );
}

/**
 * One CCP Bench category file (YAML 1.2, a list of items). Each prompt language becomes an item grouped by the
 * upstream id; type `control` becomes kind `control`. Flags keep their actor and severity; facts their weight.
 */
export function importCcpBenchYaml(text: string, fileName = 'items.yaml'): ItemImportResult {
  const items: EvalItem[] = [];
  const problems: ItemBankProblem[] = [];
  let raw: unknown;
  try {
    // YAML 1.2 core schema: `added_on: 2026-09-07` stays a string.
    raw = parseYaml(text, { schema: 'core', maxAliasCount: 100 });
  } catch (err) {
    return {
      items,
      problems: [{ itemId: fileName, message: `not YAML: ${err instanceof Error ? err.message : String(err)}` }],
    };
  }
  if (!Array.isArray(raw)) return { items, problems: [{ itemId: fileName, message: 'expected a YAML list of items' }] };
  raw.forEach((entry, i) => {
    if (!isCcpBenchItem(entry)) {
      problems.push({
        itemId: `${fileName}#${i}`,
        message: 'not a CCP Bench item (id, category, type, prompts, flags, facts)',
      });
      return;
    }
    const langs = (['en', 'zh-Hans', 'zh-Hant'] as const).filter((l) => typeof entry.prompts[l] === 'string');
    for (const language of langs) {
      const translation = entry.translation_status?.[language];
      const parsed = EvalItemSchema.safeParse({
        id: `ccpb-${entry.id}-${language}`,
        suite: 'ccp-bench',
        group: `ccpb-${entry.id}`,
        language,
        topic: entry.category,
        kind: entry.type === 'control' ? 'control' : 'sensitive',
        prompt: entry.prompts[language],
        narrativeFlags: entry.narrative_flags.map((f) => ({
          id: f.id,
          text: `[${f.actor}] ${f.text}`,
          patterns: [],
          severity: f.severity,
        })),
        requiredFacts: entry.required_facts.map((f) => ({ id: f.id, text: f.text, patterns: [], weight: f.weight })),
        ...(entry.reference_answer ? { referenceAnswer: entry.reference_answer } : {}),
        sources: [
          {
            citation: `CCP Bench (dzoba/ccp-bench) ${fileName}, item ${entry.id} v${entry.version}, ${entry.type}${entry.control_scope ? ` (${entry.control_scope})` : ''}, split ${entry.split}, review ${entry.review_status ?? 'unknown'}`,
            url: 'https://github.com/dzoba/ccp-bench',
            licence: 'CC BY 4.0 (CCP Bench annotations); upstream wording keeps its own terms',
          },
          ...(entry.reference_sources ?? []).slice(0, 18).map((c) => ({ citation: c })),
        ],
        notes: [
          `provenance: ${JSON.stringify(entry.provenance ?? {})}`,
          translation ? `translation_status: ${translation}` : '',
          entry.contested ? `contested: true${entry.contested_note ? ` — ${entry.contested_note}` : ''}` : '',
          entry.notes ?? '',
        ]
          .filter(Boolean)
          .join('\n')
          .slice(0, 20_000),
      });
      if (parsed.success) items.push(parsed.data);
      else
        problems.push({
          itemId: `${entry.id}-${language}`,
          message: parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; '),
        });
    }
  });
  return { items, problems };
}

/** Dispatches on the format name; `fileName` picks deccp's censored/uncensored by name (default censored). */
export function importItems(format: ImportFormat, text: string, fileName: string): ItemImportResult {
  if (format === 'promptfoo') return importPromptfooCsv(text, fileName);
  if (format === 'deccp') return importDeccp(text, /uncensored/i.test(fileName) ? 'uncensored' : 'censored', fileName);
  return importCcpBenchYaml(text, fileName);
}
