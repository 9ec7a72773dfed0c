export { MeterlineClient } from "./client.js";
export { InsufficientCreditsError, MeterlineError, QueueFullError } from "./errors.js";
export { fromAnthropic, fromGemini, fromOpenAI, fromOpenAIChat, fromOpenAIResponses, type TokenUsage } from "./providers.js";
export type { Balance, Charge, ChargeOptions, DeliveryError, EventStatus, EventType, MeterlineOptions, Metrics, OnFull, Refund, RefundRequest, Reservation, ReserveOptions, TrackedEvent, UsageEvent } from "./types.js";
export { backoffDelay, parseRetryAfter, verdictOf, type Verdict } from "./verdict.js";
