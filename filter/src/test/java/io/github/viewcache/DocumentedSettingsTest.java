package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The init-param tables of the README and of docs/configuration.md name every init-param the
 * filter accepts, and no other, each with the default the code really has.
 */
class DocumentedSettingsTest {

    /** The table rows of a page: init-param name to its default cell, backticks dropped. */
    static Map<String, String> table(String page) throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("..", page))) {
            if (line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                rows.put(cells[1].trim().replace("`", ""), cells[2].trim().replace("`", ""));
            }
        }
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"README.md", "docs/configuration.md"})
    void everyInitParamIsDocumentedWithItsRealDefault(String page) throws IOException {
        Map<String, String> documented = table(page);
        assertEquals(new TreeSet<>(FilterSettings.ALL), new TreeSet<>(documented.keySet()),
                page + " lists every init-param, and no other");
        for (Map.Entry<String, String> row : documented.entrySet()) {
            String name = row.getKey();
            String value = row.getValue().equals("none") ? "" : row.getValue();
            String claim = page + " gives [" + row.getValue() + "] as the default of " + name;
            assertEquals(parse(Map.of()).summary(), parse(Map.of(name, value)).summary(), claim);
            if (!name.equals("store")) { // a memory store's summary shows its own settings
                assertEquals(parse(Map.of("store", "memory")).summary(),
                        parse(Map.of("store", "memory", name, value)).summary(), claim);
            }
        }
    }

    /** Both tables agree, and the README's has a short meaning for each. */
    @ParameterizedTest
    @ValueSource(strings = {"store-personalized", "anonymous-ignored-cookies", "cache-new-sessions"})
    void theNewSettingsAreExplainedInBoth(String name) throws IOException {
        assertEquals(table("README.md").get(name), table("docs/configuration.md").get(name));
        assertTrue(Files.readString(Path.of("../docs/http.md")).contains("`" + name), name);
    }

    static FilterSettings parse(Map<String, String> params) {
        return FilterSettings.parse(new SettingsSource(params, n -> null, n -> null));
    }
}
