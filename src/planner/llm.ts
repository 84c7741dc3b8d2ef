import type {
  Message,
  MessageCountTokensParams,
  MessageCreateParamsNonStreaming,
  MessageParam,
} from "@anthropic-ai/sdk/resources/messages";
import { costUsd, estimateTokens, type ModelPrice, priceOf } from "./cost.js";
import { epicMessage, LlmOutput, SYSTEM, TOOL, toolSchema } from "./llm-prompt.js";
import { type Plan, PlanValidationError, validatePlan } from "./schema.js";
import { checkStructure } from "./structure-check.js";

export { epicMessage } from "./llm-prompt.js";

/** The calls the planner makes to Claude; injected so the planner stays free of I/O. */
export interface LlmClient {
  /** POST /v1/messages. */
  createMessage(request: MessageCreateParamsNonStreaming): Promise<Message>;
  /** POST /v1/messages/count_tokens: the exact input tokens of a request (free, rate-limited). */
  countTokens?(request: MessageCountTokensParams): Promise<{ input_tokens: number }>;
}

export interface LlmPlannerOptions {
  model: string;
  /** Upper bound on output tokens per call. */
  maxTokens: number;
  /** Refuse to start when the estimated cost exceeds this, in USD. */
  maxCostUsd: number;
  maxTasks: number;
  pricing?: Record<string, ModelPrice>;
  /**
   * What the deterministic pass found and the model must keep: the epic's explicit tasks (key,
   * title, dependencies as written). Empty or unset when the epic has no task list.
   */
  explicit?: Array<{ key: string; title: string; dependsOn: string[] }>;
  /** Dependencies the epic's text states between deliverables, by title (no task list). */
  stated?: Array<{ before: string; after: string }>;
  /** The epic issue's title, as context. */
  title?: string;
}

/** Raised when the LLM planner cannot produce a valid plan; `message` is shown to the user. */
export class LlmPlanError extends Error {
  constructor(
    message: string,
    readonly costUsd = 0,
  ) {
    super(message);
    this.name = "LlmPlanError";
  }
}

/** A pre-run cost estimate: expected and worst case, in USD, and what the input figure rests on. */
export interface PlanCostEstimate {
  /** Worst case: a repair call re-sending the prompt and the first answer, both answers at max_tokens. */
  usd: number;
  /** Expected: one call, about 250 output tokens a task. */
  expectedUsd: number;
  price: ModelPrice;
  /** Input tokens of the first call. */
  inputTokens: number;
  /** How `inputTokens` was found ("counted by the API", or a character estimate and why). */
  basis: string;
}

/**
 * Estimates the cost of a planning run before it starts from a character count (about 3.5
 * characters a token), or from `countedInput` when the API counted the first call's tokens.
 * @throws LlmPlanError for a model with no known price
 */
export function estimatePlanCost(
  epic: string,
  options: LlmPlannerOptions,
  countedInput?: number,
  why = "",
): PlanCostEstimate {
  const price = priceOf(options.model, options.pricing);
  if (!price) {
    throw new LlmPlanError(
      `No price is known for model "${options.model}": add it under llm.pricing in .github/flightdeck.yml.`,
    );
  }
  const prompt = SYSTEM + epicMessage(epic, options) + JSON.stringify(toolSchema());
  const input = countedInput ?? estimateTokens(prompt);
  const basis =
    countedInput !== undefined
      ? `${input} input tokens counted by the API`
      : `${input} input tokens estimated from ${prompt.length} characters${why ? ` (${why})` : ""}`;
  // Expected: one call whose answer is about 250 tokens a task for a 12-task plan.
  const expectedOut = Math.min(options.maxTokens, 250 * Math.min(12, options.maxTasks) + 200);
  // Worst case: the repair call re-sends the prompt plus the first answer, and both answers use
  // all of max_tokens.
  return {
    usd: costUsd(price, 2 * input + options.maxTokens, 2 * options.maxTokens),
    expectedUsd: costUsd(price, input, expectedOut),
    price,
    inputTokens: input,
    basis,
  };
}

/**
 * The pre-run estimate from the API's token counting (POST /v1/messages/count_tokens, the exact
 * request of the first call) where the client offers it; when counting fails or is unavailable,
 * the character estimate, saying why.
 * @throws LlmPlanError for a model with no known price
 */
export async function countPlanCost(
  epic: string,
  client: LlmClient,
  options: LlmPlannerOptions,
): Promise<PlanCostEstimate> {
  if (!client.countTokens) return estimatePlanCost(epic, options, undefined, "token counting unavailable");
  // An unknown model is refused before any request (estimatePlanCost throws for it).
  if (!priceOf(options.model, options.pricing)) estimatePlanCost(epic, options);
  try {
    const { input_tokens } = await client.countTokens({
      model: options.model,
      system: SYSTEM,
      messages: [{ role: "user", content: epicMessage(epic, options) }],
      tools: [{ name: TOOL, description: "Submit the plan for the epic.", input_schema: toolSchema() }],
      tool_choice: { type: "auto" },
    });
    if (!Number.isInteger(input_tokens) || input_tokens <= 0)
      throw new Error(`unexpected count ${input_tokens}`);
    return estimatePlanCost(epic, options, input_tokens);
  } catch (error) {
    const why = `token counting failed: ${(error as Error).message.slice(0, 120)}`;
    return estimatePlanCost(epic, options, undefined, why);
  }
}

/**
 * Plans an epic with Claude. The epic goes in as delimited untrusted data; the model must answer
 * through a tool whose input schema is the plan schema; the answer is validated with the same
 * zod schema and graph checks as any plan. One repair retry shows the model its validation
 * errors; a second failure is an LlmPlanError listing them. Cost: estimated before (refusing to
 * exceed `maxCostUsd`), actual from `usage` after.
 *
 * @throws LlmPlanError on budget, transport or validation failure (with the cost already spent)
 */
export async function planWithLlm(
  epic: string,
  client: LlmClient,
  options: LlmPlannerOptions,
): Promise<{ plan: Plan; estimatedCostUsd: number; worstCaseCostUsd: number; costBasis: string }> {
  const { usd: estimated, expectedUsd, price, basis } = await countPlanCost(epic, client, options);
  if (estimated > options.maxCostUsd) {
    throw new LlmPlanError(
      `The LLM plan would cost up to $${estimated.toFixed(2)}, above llm.maxCostUsd ($${options.maxCostUsd}). ` +
        "Raise the budget, lower llm.maxTokens, or set planner.mode: deterministic.",
    );
  }
  const messages: MessageParam[] = [{ role: "user", content: epicMessage(epic, options) }];
  let spent = 0;
  let tokensIn = 0;
  let tokensOut = 0;
  let lastErrors: string[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    let response: Message;
    try {
      response = await client.createMessage({
        model: options.model,
        max_tokens: options.maxTokens,
        system: SYSTEM,
        messages,
        tools: [{ name: TOOL, description: "Submit the plan for the epic.", input_schema: toolSchema() }],
        // Not a forced tool_choice: newer models (Sonnet 5.5) reject forced tool use; the prompt
        // asks for the tool and a JSON answer in text is accepted too.
        tool_choice: { type: "auto" },
      });
    } catch (error) {
      throw new LlmPlanError(`The Claude API call failed: ${(error as Error).message}`, spent);
    }
    tokensIn += response.usage.input_tokens;
    tokensOut += response.usage.output_tokens;
    spent = costUsd(price, tokensIn, tokensOut);
    const call = response.content.find((b) => b.type === "tool_use" && b.name === TOOL);
    const text = response.content.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("\n");
    let input = call?.type === "tool_use" ? call.input : jsonInText(text);
    if (input === undefined) {
      lastErrors = ["the answer did not call submit_plan"];
    } else {
      lastErrors = validationErrors(input, options.maxTasks);
      let repairs: string[] = [];
      if (!lastErrors.length) {
        // Checked on a copy: a rejected answer goes back to the model as it was.
        const checked = structuredClone(input) as { tasks: Plan["tasks"]; notes?: string[] };
        const result = checkStructure(checked.tasks, {
          explicit: options.explicit ?? [],
          stated: options.stated ?? [],
        });
        lastErrors = result.errors;
        repairs = result.repairs;
        if (!lastErrors.length && repairs.length) {
          const note = `Checked against the epic's stated structure: ${repairs.join("; ")}.`;
          input = { ...checked, notes: [note.slice(0, 500), ...(checked.notes ?? [])].slice(0, 20) };
        }
      }
      if (response.stop_reason === "max_tokens")
        lastErrors.unshift(`the answer was cut off at max_tokens (${options.maxTokens})`);
      if (!lastErrors.length) {
        const plan = validatePlan({ ...(input as object), source: { planner: "llm" } }, options.maxTasks);
        return {
          plan: {
            ...plan,
            source: {
              planner: "llm",
              model: options.model,
              costUsd: spent,
              inputTokens: tokensIn,
              outputTokens: tokensOut,
            },
          },
          estimatedCostUsd: expectedUsd,
          worstCaseCostUsd: estimated,
          costBasis: basis,
        };
      }
      const feedback = `The plan is invalid:\n- ${lastErrors.join("\n- ")}\nCall submit_plan again with a corrected plan.`;
      messages.push(
        { role: "assistant", content: response.content },
        call?.type === "tool_use"
          ? {
              role: "user",
              content: [{ type: "tool_result", tool_use_id: call.id, is_error: true, content: feedback }],
            }
          : { role: "user", content: feedback },
      );
      continue;
    }
    messages.push(
      { role: "assistant", content: response.content.length ? response.content : "(no answer)" },
      { role: "user", content: "Call the submit_plan tool with the plan." },
    );
  }
  throw new LlmPlanError(
    `Claude's plan failed validation twice: ${lastErrors.join("; ")}. Try /flightdeck plan again, or set planner.mode: deterministic.`,
    spent,
  );
}

/** A JSON object in a text answer (fenced or bare); undefined when there is none that parses. */
function jsonInText(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1];
  const candidate = fenced ?? text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1);
  if (!candidate.trim().startsWith("{")) return undefined;
  try {
    return JSON.parse(candidate);
  } catch {
    return undefined;
  }
}

function validationErrors(input: unknown, maxTasks: number): string[] {
  const shape = LlmOutput.safeParse(input);
  if (!shape.success) return shape.error.issues.map((i) => `${i.path.join(".") || "plan"}: ${i.message}`);
  try {
    validatePlan({ ...shape.data, source: { planner: "llm" } }, maxTasks);
    return [];
  } catch (error) {
    if (error instanceof PlanValidationError) return error.issues;
    throw error;
  }
}
