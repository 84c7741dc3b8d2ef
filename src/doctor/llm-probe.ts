import type { LlmClient } from "../planner/llm.js";

/**
 * The doctor's `--check-llm`: one Messages API call of at most 1 output token, to prove the key
 * works and the model id exists. Only made when asked (it costs a few tokens).
 * @returns ok with the tokens used, or the API's error message
 */
export async function probeModel(client: LlmClient, model: string): Promise<{ ok: boolean; detail: string }> {
  try {
    const message = await client.createMessage({
      model,
      max_tokens: 1,
      messages: [{ role: "user", content: "Reply with OK." }],
    });
    return {
      ok: true,
      detail: `${message.usage.input_tokens} input and ${message.usage.output_tokens} output tokens`,
    };
  } catch (error) {
    return { ok: false, detail: (error as Error).message.slice(0, 200) };
  }
}
