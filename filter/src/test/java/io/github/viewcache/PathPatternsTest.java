package io.github.viewcache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which paths an {@code exclude-paths} pattern covers. */
class PathPatternsTest {

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
            "/admin,            /admin,                      true",
            "/admin,            /admin/x,                    false",
            "/admin/*,          /admin,                      true",
            "/admin/*,          /admin/users/1,              true",
            "/admin/*,          /administrators,             false",
            "/*,                /anything/at/all,            true",
            "*.css,             /static/site.css,            true",
            "*.css,             /static/site.css.map,        false",
            "/owners/*/edit,    /owners/1/edit,              true",
            "/owners/*/edit,    /owners/1/pets/edit,         false",
            "/owners/*/edit,    /owners//edit,               false",
            "/owners/*/pets/*,  /owners/1/pets,              true",
            "/owners/*/pets/*,  /owners/1/pets/2/visits/new, true",
            "/owners/*/pets/*,  /owners/1/petsitters,        false",
            "/owners/*/pets/*,  /owners/1,                   false",
            "/*/private,        /books/private,              true",
            "/*/private,        /books/public,               false",
    })
    void coversExactlyThePathsItNames(String pattern, String path, boolean covered) {
        assertEquals(covered, PathPatterns.parse(pattern).matches(path));
    }
}
