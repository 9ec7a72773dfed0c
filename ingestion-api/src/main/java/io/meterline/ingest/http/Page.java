package io.meterline.ingest.http;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One page of a list. {@code next_cursor} is opaque; pass it back as {@code cursor} for the next page.
 * It is null on the last page.
 */
public record Page<T>(List<T> data, @JsonProperty("next_cursor") String nextCursor) {
}
