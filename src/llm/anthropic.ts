import Anthropic from "@anthropic-ai/sdk";
import type { LlmClient } from "../planner/llm.js";

/**
 * A Claude client for the planner (Anthropic Messages API: POST /v1/messages, and
 * POST /v1/messages/count_tokens for the pre-run cost estimate). The key is passed in, never
 * logged; the SDK's own retries cover 429/5xx with backoff.
 */
export function anthropicClient(
  apiKey: string,
  options: { baseURL?: string; maxRetries?: number } = {},
): LlmClient {
  const client = new Anthropic({ apiKey, ...options });
  return {
    createMessage: (request) => client.messages.create(request),
    countTokens: (request) => client.messages.countTokens(request),
  };
}
