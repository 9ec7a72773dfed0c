package io.meterline.loadgen.hostile;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Strings for event fields: ones the string rule accepts (unicode edge cases: combining marks, right-to-left
 * override, byte order mark, line separator, astral characters) and ones it refuses (NUL, C0 and C1 controls,
 * tab and newline, lone surrogates), plus arbitrary strings judged by {@link #valid}, the documented rule.
 */
final class HostileText {

    private HostileText() {
    }

    /**
     * The rule of docs/ingestion-api.md for a string field: well-formed UTF-16 (no lone surrogate) and no control
     * character (U+0000-U+001F, U+007F-U+009F). Length and blankness are checked by the caller.
     */
    static boolean valid(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Never blank (a leading letter), at most 41 chars, always valid. */
    static Arbitrary<String> good() {
        return Arbitraries.oneOf(
                Arbitraries.of("naïve café", "日本語テキスト", "😀👍🏽", "e\u0301", "\u202Eevil", "\uFEFFbom",
                        "line\u2028sep", "Ω≈ç√∫", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\u00a0nbsp", "'; DROP TABLE usage_events; --",
                        "<script>alert(1)</script>", "%00", "\\u0000"),
                Arbitraries.strings().withCharRange('\u00a0', '\ud7ff').ofMinLength(1).ofMaxLength(20),
                Arbitraries.strings().alpha().numeric().withChars("._:-").ofMinLength(1).ofMaxLength(40))
                .map(s -> "f" + s);
    }

    /** Always refused by the string rule. */
    static Arbitrary<String> bad() {
        return Arbitraries.of("a\u0000b", "\u0000", "\u0007bell", "tab\there", "new\nline", "cr\rx", "\u0085nel",
                "\u009fapc", "\u007fdel", "abc\ud800", "\udc00x", "x\ud83d", "\ud83d\u0041", "\ude00\ud83d");
    }

    /** Anything at all, 1..12 chars after a leading letter: {@link #valid} says whether the rule accepts it. */
    static Arbitrary<String> any() {
        return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12).map(s -> "f" + s);
    }
}
