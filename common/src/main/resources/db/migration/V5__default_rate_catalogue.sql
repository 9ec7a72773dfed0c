-- Default rate catalogue: public list prices in USD per 1,000,000 tokens (unit_size 1000000).
--
-- HONESTY NOTE: these prices were written down without network access, from the providers' public pricing
-- pages as the authors knew them in 2025. Each row's `source` says so. They MUST be verified against the
-- providers' pages before billing real customers; update them through PUT /v1/admin/rates (which closes the old
-- row and opens a new version), never by editing this file (see docs/rates.md).
--
-- Columns per model: uncached input, cached input (cache read), cache write (only providers that charge writes
-- per token: Anthropic, 5-minute cache), output. NULL = the provider has no such price; no row is written, so
-- an event using that counter stays UNPRICED instead of being priced at zero.
-- Aliases are exact alternative names (dated snapshots, "-latest" names); nothing is matched by guessing.
WITH catalogue (provider, model, aliases, input, cached_input, cache_write, output, source) AS (VALUES
    -- OpenAI
    ('openai', 'gpt-5', ARRAY['gpt-5-2025-08-07'], 1.25, 0.125, NULL, 10.00, 'https://openai.com/api/pricing/'),
    ('openai', 'gpt-5-mini', ARRAY['gpt-5-mini-2025-08-07'], 0.25, 0.025, NULL, 2.00, 'https://openai.com/api/pricing/'),
    ('openai', 'gpt-5-nano', ARRAY['gpt-5-nano-2025-08-07'], 0.05, 0.005, NULL, 0.40, 'https://openai.com/api/pricing/'),
    ('openai', 'gpt-4.1', ARRAY['gpt-4.1-2025-04-14'], 2.00, 0.50, NULL, 8.00, 'https://openai.com/api/pricing/'),
    ('openai', 'gpt-4.1-mini', ARRAY['gpt-4.1-mini-2025-04-14'], 0.40, 0.10, NULL, 1.60, 'https://openai.com/api/pricing/'),
    ('openai', 'gpt-4.1-nano', ARRAY['gpt-4.1-nano-2025-04-14'], 0.10, 0.025, NULL, 0.40, 'https://openai.com/api/pricing/'),
    ('openai', 'gpt-4o', ARRAY['gpt-4o-2024-08-06', 'gpt-4o-2024-11-20'], 2.50, 1.25, NULL, 10.00, 'https://openai.com/api/pricing/'),
    ('openai', 'gpt-4o-mini', ARRAY['gpt-4o-mini-2024-07-18'], 0.15, 0.075, NULL, 0.60, 'https://openai.com/api/pricing/'),
    ('openai', 'o3', ARRAY['o3-2025-04-16'], 2.00, 0.50, NULL, 8.00, 'https://openai.com/api/pricing/'),
    ('openai', 'o4-mini', ARRAY['o4-mini-2025-04-16'], 1.10, 0.275, NULL, 4.40, 'https://openai.com/api/pricing/'),
    ('openai', 'o3-mini', ARRAY['o3-mini-2025-01-31'], 1.10, 0.55, NULL, 4.40, 'https://openai.com/api/pricing/'),
    ('openai', 'o1', ARRAY['o1-2024-12-17'], 15.00, 7.50, NULL, 60.00, 'https://openai.com/api/pricing/'),
    ('openai', 'text-embedding-3-small', '{}'::text[], 0.02, NULL, NULL, NULL, 'https://openai.com/api/pricing/'),
    ('openai', 'text-embedding-3-large', '{}'::text[], 0.13, NULL, NULL, NULL, 'https://openai.com/api/pricing/'),
    -- Anthropic (cache write = 5-minute cache write, 1.25 x input; cache read = 0.1 x input)
    ('anthropic', 'claude-opus-4-1', ARRAY['claude-opus-4-1-20250805'], 15.00, 1.50, 18.75, 75.00, 'https://www.anthropic.com/pricing#api'),
    ('anthropic', 'claude-opus-4', ARRAY['claude-opus-4-20250514', 'claude-opus-4-0'], 15.00, 1.50, 18.75, 75.00, 'https://www.anthropic.com/pricing#api'),
    ('anthropic', 'claude-sonnet-4-5', ARRAY['claude-sonnet-4-5-20250929'], 3.00, 0.30, 3.75, 15.00, 'https://www.anthropic.com/pricing#api'),
    ('anthropic', 'claude-sonnet-4', ARRAY['claude-sonnet-4-20250514', 'claude-sonnet-4-0'], 3.00, 0.30, 3.75, 15.00, 'https://www.anthropic.com/pricing#api'),
    ('anthropic', 'claude-3-7-sonnet', ARRAY['claude-3-7-sonnet-20250219', 'claude-3-7-sonnet-latest'], 3.00, 0.30, 3.75, 15.00, 'https://www.anthropic.com/pricing#api'),
    ('anthropic', 'claude-3-5-sonnet', ARRAY['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet-20240620', 'claude-3-5-sonnet-latest'], 3.00, 0.30, 3.75, 15.00, 'https://www.anthropic.com/pricing#api'),
    ('anthropic', 'claude-haiku-4-5', ARRAY['claude-haiku-4-5-20251001'], 1.00, 0.10, 1.25, 5.00, 'https://www.anthropic.com/pricing#api'),
    ('anthropic', 'claude-3-5-haiku', ARRAY['claude-3-5-haiku-20241022', 'claude-3-5-haiku-latest'], 0.80, 0.08, 1.00, 4.00, 'https://www.anthropic.com/pricing#api'),
    ('anthropic', 'claude-3-haiku', ARRAY['claude-3-haiku-20240307'], 0.25, 0.03, 0.30, 1.25, 'https://www.anthropic.com/pricing#api'),
    -- Google Gemini API (prompts up to 200k tokens; context-cache storage is billed per hour, not per token)
    ('google', 'gemini-2.5-pro', '{}'::text[], 1.25, 0.31, NULL, 10.00, 'https://ai.google.dev/gemini-api/docs/pricing'),
    ('google', 'gemini-2.5-flash', '{}'::text[], 0.30, 0.075, NULL, 2.50, 'https://ai.google.dev/gemini-api/docs/pricing'),
    ('google', 'gemini-2.5-flash-lite', '{}'::text[], 0.10, 0.025, NULL, 0.40, 'https://ai.google.dev/gemini-api/docs/pricing'),
    ('google', 'gemini-2.0-flash', ARRAY['gemini-2.0-flash-001'], 0.10, 0.025, NULL, 0.40, 'https://ai.google.dev/gemini-api/docs/pricing'),
    ('google', 'gemini-2.0-flash-lite', ARRAY['gemini-2.0-flash-lite-001'], 0.075, NULL, NULL, 0.30, 'https://ai.google.dev/gemini-api/docs/pricing'),
    -- Mistral
    ('mistral', 'mistral-large-latest', ARRAY['mistral-large-2411'], 2.00, NULL, NULL, 6.00, 'https://mistral.ai/pricing#api-pricing'),
    ('mistral', 'mistral-medium-latest', ARRAY['mistral-medium-2505'], 0.40, NULL, NULL, 2.00, 'https://mistral.ai/pricing#api-pricing'),
    ('mistral', 'mistral-small-latest', ARRAY['mistral-small-2503'], 0.10, NULL, NULL, 0.30, 'https://mistral.ai/pricing#api-pricing'),
    ('mistral', 'codestral-latest', ARRAY['codestral-2501'], 0.30, NULL, NULL, 0.90, 'https://mistral.ai/pricing#api-pricing'),
    ('mistral', 'pixtral-large-latest', ARRAY['pixtral-large-2411'], 2.00, NULL, NULL, 6.00, 'https://mistral.ai/pricing#api-pricing'),
    ('mistral', 'open-mistral-nemo', ARRAY['open-mistral-nemo-2407'], 0.15, NULL, NULL, 0.15, 'https://mistral.ai/pricing#api-pricing'),
    ('mistral', 'ministral-8b-latest', ARRAY['ministral-8b-2410'], 0.10, NULL, NULL, 0.10, 'https://mistral.ai/pricing#api-pricing'),
    ('mistral', 'ministral-3b-latest', ARRAY['ministral-3b-2410'], 0.04, NULL, NULL, 0.04, 'https://mistral.ai/pricing#api-pricing'),
    -- DeepSeek (cached input = cache hit; V3.2 pricing as announced in late 2025)
    ('deepseek', 'deepseek-chat', '{}'::text[], 0.28, 0.028, NULL, 0.42, 'https://api-docs.deepseek.com/quick_start/pricing'),
    ('deepseek', 'deepseek-reasoner', '{}'::text[], 0.28, 0.028, NULL, 0.42, 'https://api-docs.deepseek.com/quick_start/pricing'),
    -- xAI
    ('xai', 'grok-4', ARRAY['grok-4-0709'], 3.00, 0.75, NULL, 15.00, 'https://docs.x.ai/docs/models'),
    ('xai', 'grok-3', '{}'::text[], 3.00, 0.75, NULL, 15.00, 'https://docs.x.ai/docs/models'),
    ('xai', 'grok-3-mini', '{}'::text[], 0.30, 0.075, NULL, 0.50, 'https://docs.x.ai/docs/models'),
    -- Cohere
    ('cohere', 'command-a', ARRAY['command-a-03-2025'], 2.50, NULL, NULL, 10.00, 'https://cohere.com/pricing'),
    ('cohere', 'command-r-plus', ARRAY['command-r-plus-08-2024'], 2.50, NULL, NULL, 10.00, 'https://cohere.com/pricing'),
    ('cohere', 'command-r', ARRAY['command-r-08-2024'], 0.15, NULL, NULL, 0.60, 'https://cohere.com/pricing'),
    ('cohere', 'command-r7b', ARRAY['command-r7b-12-2024'], 0.0375, NULL, NULL, 0.15, 'https://cohere.com/pricing'),
    -- Meta Llama, as served by Groq
    ('groq', 'llama-3.3-70b-versatile', '{}'::text[], 0.59, NULL, NULL, 0.79, 'https://groq.com/pricing'),
    ('groq', 'llama-3.1-8b-instant', '{}'::text[], 0.05, NULL, NULL, 0.08, 'https://groq.com/pricing')
)
INSERT INTO provider_rates (provider, model, cost_type, price_usd, unit_size, aliases, valid_from, source)
SELECT c.provider, c.model, p.cost_type, p.price, 1000000, c.aliases, TIMESTAMPTZ '2026-01-01 00:00:00+00',
       c.source || ' - list price as known in 2025, written without network access; verify (docs/rates.md)'
FROM catalogue c
CROSS JOIN LATERAL (VALUES ('INPUT_TOKEN', c.input), ('CACHED_INPUT_TOKEN', c.cached_input),
                           ('CACHE_WRITE_TOKEN', c.cache_write), ('OUTPUT_TOKEN', c.output)) AS p(cost_type, price)
WHERE p.price IS NOT NULL
ON CONFLICT DO NOTHING;
