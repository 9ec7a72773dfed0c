"""Meterline client SDK: batched, gzipped, safely retried usage events.

    from meterline import MeterlineClient, providers
    meterline = MeterlineClient("http://127.0.0.1:8080", api_key, customer_id="acme")
    meterline.track(feature_id="chat", user_id="u-42", **providers.openai(completion))
"""
from . import providers
from ._core import DeliveryError, MeterlineError, Metrics, QueueFullError
from ._direct import InsufficientCreditsError
from .aio import AsyncMeterlineClient
from .client import MeterlineClient

__all__ = ["MeterlineClient", "AsyncMeterlineClient", "DeliveryError", "InsufficientCreditsError", "MeterlineError",
           "Metrics", "QueueFullError", "providers"]
__version__ = "0.1.0"
