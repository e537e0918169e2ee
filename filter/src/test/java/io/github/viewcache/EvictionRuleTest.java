package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class EvictionRuleTest {

    private static Set<String> targets(String rules, String method, String path) {
        Set<String> out = new LinkedHashSet<>();
        for (EvictionRule rule : EvictionRule.parseAll(rules)) {
            rule.addTargets(method, path, out);
        }
        return out;
    }

    @Test
    void wildcardsMatchOneSegmentAndCarryIntoTargetsInOrder() {
        String rules = "PUT /shops/*/books/* -> /shops/*/shelves/*, /reports/daily";
        assertEquals(Set.of("/shops/7/shelves/foo", "/reports/daily"), targets(rules, "PUT", "/shops/7/books/foo"));
        assertEquals(Set.of(), targets(rules, "PUT", "/shops/7/books/foo/pages"));
        assertEquals(Set.of(), targets(rules, "PUT", "/shops/7/books/"));
        assertEquals(Set.of(), targets(rules, "POST", "/shops/7/books/foo"));
    }

    @Test
    void aStarMethodMatchesEveryWrite() {
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            assertEquals(Set.of("/all"), targets("* /x -> /all", method, "/x"));
        }
    }

    @Test
    void parentsStopBelowTheRoot() {
        Set<String> out = new LinkedHashSet<>();
        WriteEvictions.addParents("/a/b/c", out);
        assertEquals(List.of("/a/b", "/a"), List.copyOf(out));
        out.clear();
        WriteEvictions.addParents("/a", out);
        assertEquals(Set.of(), out);
    }
}
