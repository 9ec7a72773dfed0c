export { MeterlineClient } from "./client.js";
export { MeterlineError, QueueFullError } from "./errors.js";
export { fromAnthropic, fromGemini, fromOpenAI, fromOpenAIChat, fromOpenAIResponses, type TokenUsage } from "./providers.js";
export type { Balance, DeliveryError, EventStatus, EventType, MeterlineOptions, Metrics, OnFull, TrackedEvent, UsageEvent } from "./types.js";
export { backoffDelay, parseRetryAfter, verdictOf, type Verdict } from "./verdict.js";
