#!/usr/bin/env bash
# Events/s one client process of each SDK sustains against a local ingestion API (no fault proxy): starts the API
# and a cost worker on their own database and topics (sdk/it.sh --bench), tracks 50,000 events per SDK (or
# --events N), checks they were all stored once, and prints the figures. Arguments go to sdk/it.sh.
set -euo pipefail
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/sdk/it.sh" --bench "$@"
