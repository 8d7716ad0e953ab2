/** Collects reasoning, flags and missing inputs, then builds the Classification. @module */
import type { Citation, Classification, ClassificationMetrics, Flag, ItemSpec, ReasoningStep } from '../types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class ResultBuilder {
  readonly reasoning: ReasoningStep[] = [];
  readonly flags: Flag[] = [];
  readonly needsInput: string[] = [];
  readonly metrics: Mutable<ClassificationMetrics> = {};

  constructor(
    readonly item: ItemSpec,
    public textVersion: string,
  ) {}

  step(text: string, ...citations: Citation[]): this {
    this.reasoning.push(citations.length ? { text, citations } : { text });
    return this;
  }

  /** Adds a flag once per code (the first message wins). */
  flag(code: string, message: string, ...citations: Citation[]): this {
    if (!this.flags.some((f) => f.code === code)) this.flags.push({ code, message, citations });
    return this;
  }

  need(what: string): this {
    if (!this.needsInput.includes(what)) this.needsInput.push(what);
    return this;
  }

  build(status: Classification['status'], eccn: string | null, paragraphs: readonly string[] = []): Classification {
    return {
      status,
      eccn,
      paragraphs: [...paragraphs],
      metrics: { ...this.metrics },
      textVersion: this.textVersion,
      reasoning: [...this.reasoning],
      needsInput: [...this.needsInput],
      flags: [...this.flags],
      item: this.item,
    };
  }

  needsInputResult(): Classification {
    return this.build('needs-input', null, []);
  }
}
