package io.meterline.common.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class TextRulesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "chat                     | ",
            "naïve café 日本 😀        | ",
            "abc\\ud800                | must be well-formed Unicode (lone surrogate U+D800 at position 3)",
            "\\udc00x                  | must be well-formed Unicode (lone surrogate U+DC00 at position 0)",
            "a\\ud83d\\ude00\\ud83d     | must be well-formed Unicode (lone surrogate U+D83D at position 3)",
            "x\\u0000                  | must not contain control characters (U+0000 at position 1)",
            "tab\\there                | must not contain control characters (U+0009 at position 3)",
            "del\\u007f                | must not contain control characters (U+007F at position 3)",
            "c1\\u0085                 | must not contain control characters (U+0085 at position 2)",
    })
    void identifiers(String json, String expected) throws Exception {
        String text = MAPPER.readValue("\"" + json.strip() + "\"", String.class);
        assertEquals(expected, TextRules.problem(text));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "line one\\nline two\\r\\n\\tend | ",
            "nul\\u0000                     | must not contain control characters (U+0000 at position 3)",
            "bell\\u0007                    | must not contain control characters (U+0007 at position 4)",
    })
    void freeText(String json, String expected) throws Exception {
        String text = MAPPER.readValue("\"" + json.strip() + "\"", String.class);
        assertEquals(expected, TextRules.freeTextProblem(text));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"a\": {\"b\": [1, \"ok\", {\"c\": \"x\\u0000\"}]}} | a.b[2].c: must not contain control characters (U+0000 at position 1)",
            "{\"k\\u0001\": 1}                                 | key must not contain control characters (U+0001 at position 1)",
            "{\"note\": \"multi\\nline\", \"n\": 1.5}            | ",
    })
    void jsonTrees(String json, String expected) throws Exception {
        assertEquals(expected, TextRules.jsonProblem(MAPPER.readTree(json.strip())));
    }

    /** A string is accepted exactly when it survives a UTF-8 round trip unchanged and holds no control character. */
    @Property(tries = 2000)
    void acceptsExactlyWellFormedTextWithoutControls(@ForAll String text) {
        boolean roundTrips = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(text);
        boolean controls = text.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c < 0xa0));
        if (roundTrips && !controls) {
            assertNull(TextRules.problem(text), text);
        } else {
            assertNotNull(TextRules.problem(text), text);
        }
    }
}
