/** Price of a model in USD per million tokens. */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

/**
 * Built-in prices (USD per million tokens, input / output) from the model pages of Anthropic's
 * documentation (platform.claude.com/docs/en/about-claude/models, read 2026-11). Config
 * `llm.pricing` overrides or extends this table when prices change or a new model appears.
 */
export const PRICES: Record<string, ModelPrice> = {
  "claude-fable-5-1": { inputPerMTok: 10, outputPerMTok: 50 },
  "claude-opus-5-5": { inputPerMTok: 4, outputPerMTok: 20 },
  "claude-opus-5": { inputPerMTok: 5, outputPerMTok: 25 },
  "claude-opus-4-6": { inputPerMTok: 5, outputPerMTok: 25 },
  "claude-opus-4-5": { inputPerMTok: 5, outputPerMTok: 25 },
  "claude-sonnet-5-5": { inputPerMTok: 2, outputPerMTok: 10 },
  "claude-sonnet-5": { inputPerMTok: 2, outputPerMTok: 10 },
  "claude-sonnet-4-6": { inputPerMTok: 3, outputPerMTok: 15 },
  "claude-sonnet-4-5": { inputPerMTok: 3, outputPerMTok: 15 },
  "claude-haiku-4-5": { inputPerMTok: 1, outputPerMTok: 5 },
};

/**
 * Finds a model's price: exact id, then the id without a date suffix (`claude-sonnet-4-5-20250929`).
 * @returns undefined for an unknown model (the caller must refuse to guess a budget)
 */
export function priceOf(model: string, overrides: Record<string, ModelPrice> = {}): ModelPrice | undefined {
  const table = { ...PRICES, ...overrides };
  return table[model] ?? table[model.replace(/-\d{8}$/, "")];
}

/** Cost in USD of a number of input and output tokens at a price. */
export function costUsd(price: ModelPrice, inputTokens: number, outputTokens: number): number {
  return (inputTokens * price.inputPerMTok + outputTokens * price.outputPerMTok) / 1_000_000;
}

/**
 * Estimates input tokens of a text without a network call: about 3.5 characters per token for
 * English prose and markdown (conservative; Anthropic's tokenizer averages close to 4).
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3.5);
}

/** Formats USD for people: `$0.0123`, `$1.20`. */
export function formatUsd(usd: number): string {
  return usd < 0.1 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}
