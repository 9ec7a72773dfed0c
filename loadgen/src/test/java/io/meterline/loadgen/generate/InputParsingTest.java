package io.meterline.loadgen.generate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InputParsingTest {

    @Test
    void customerFileSkipsCommentsAndAcceptsSpaceTabOrComma() {
        List<Customer> customers = CustomerList.parse(List.of(
                "# bench customers", "", "bench-1 ml_aaa", "bench-2\tml_bbb", "bench-3,ml_ccc"));
        assertEquals(List.of(new Customer("bench-1", "ml_aaa"), new Customer("bench-2", "ml_bbb"),
                new Customer("bench-3", "ml_ccc")), customers);
    }

    @ParameterizedTest
    @ValueSource(strings = {"only-an-id", "a b c", "bad id\"x ml_key"})
    void malformedCustomerLinesAreRefused(String line) {
        assertThrows(IllegalArgumentException.class, () -> CustomerList.parse(List.of(line)));
    }

    @Test
    void customerArgumentSplitsAtTheFirstColon() {
        assertEquals(new Customer("acme", "ml_x:y"), CustomerList.parseArg("acme:ml_x:y"));
        assertThrows(IllegalArgumentException.class, () -> CustomerList.parseArg("acme:"));
    }

    @Test
    void keyIsNeverPrinted() {
        assertFalse(new Customer("acme", "ml_secret").toString().contains("ml_secret"));
    }

    @Test
    void modelListWithAndWithoutWeights() {
        assertEquals(List.of(new ModelSpec("openai", "gpt-4o", 3), new ModelSpec("google", "gemini-2.5-flash", 1)),
                ModelSpec.parseList("OpenAI:gpt-4o:3, google:gemini-2.5-flash"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "openai:gpt-4o:0", "openai:gpt-4o:-1", ":gpt-4o", "a:b:1:2"})
    void malformedModelsAreRefused(String list) {
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.parseList(list));
    }
}
