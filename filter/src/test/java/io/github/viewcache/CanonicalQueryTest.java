package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalQueryTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL            | ''",
            "''              | ''",
            "a=1             | a=1",
            "b=2&a=1         | a=1&b=2",
            "a=2&b=1&a=1     | a=2&a=1&b=1",
            "&&a=1&          | a=1",
            "%61=%7e         | a=~",
            "q=a+b           | q=a%20b",
            "q=a%20b         | q=a%20b",
            "q=%2b           | q=%2B",
            "q=%c3%a9        | q=%C3%A9",
            "q=é             | q=%C3%A9",
            "flag&a=1        | a=1&flag",
            "flag=&a=1       | a=1&flag=",
            "x=a=b           | x=a%3Db",
    })
    void canonicalForm(String raw, String canonical) {
        assertEquals(canonical, CanonicalQuery.of(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%zz", "a=%4", "%=1", "a=1&b=%g0"})
    void malformedEscapesAreNotKeyed(String raw) {
        assertNull(CanonicalQuery.of(raw));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a=1&a=2 | a=2&a=1",
            "q=%2B   | q=+",
            "flag    | flag=",
            "q=%FF   | q=%FE",
    })
    void queriesAnApplicationCanTellApartStayApart(String one, String other) {
        assertNotEquals(CanonicalQuery.of(one), CanonicalQuery.of(other));
    }
}
